import { Checkbox, Field, Input, Radio, RadioGroup, Select, Textarea } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import {
  afterRunningActions,
  afterRunningLabels,
  programInput,
  programPlatforms,
  runModes,
} from '../../../../shared/dto/package'
import { capitalize } from '../../lib/format'
import { useRoot } from '../../store-context'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'

type Draft = {
  name: string
  commandLine: string
  comment: string
  runMode: (typeof runModes)[number]
  afterRunning: (typeof afterRunningActions)[number]
  platform: (typeof programPlatforms)[number]
  maxRunMinutes: string
  keepContent: boolean
}

const tabOf = (field: string) =>
  field === 'runMode' || field === 'keepContent'
    ? 'environment'
    : field === 'platform' || field === 'maxRunMinutes'
      ? 'requirements'
      : 'general'

/** New / Properties of a program: General (name, command line, after running), Environment (run mode, keep files), Requirements (platform, max run time). */
export const ProgramDialog = observer(function ProgramDialog({
  packageId,
  name,
  onClose,
}: {
  packageId: string
  name?: string
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useFormStyles()
  const pkg = root.packages.byId.get(packageId)
  const existing = name ? pkg?.programs.find((p) => p.name === name) : undefined
  const [draft, setDraft] = useState<Draft>(() => ({
    name: existing?.name ?? '',
    commandLine: existing?.commandLine ?? '',
    comment: existing?.comment ?? '',
    runMode: existing?.runMode ?? 'administrative',
    afterRunning: existing?.afterRunning ?? 'no-action',
    platform: existing?.platform ?? 'any',
    maxRunMinutes: String(existing?.maxRunMinutes ?? 120),
    keepContent: existing?.keepContent ?? false,
  }))
  const [tab, setTab] = useState('general')
  const form = useForm()
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }))

  const save = async (close: boolean) => {
    const minutes = draft.maxRunMinutes.trim() === '' ? NaN : Number(draft.maxRunMinutes)
    const parsed = form.validate(
      programInput,
      { ...draft, packageId, maxRunMinutes: minutes },
      {
        maxRunMinutes: Number.isNaN(minutes) ? 'Maximum run time must be a number' : undefined,
      },
    )
    if (!parsed) {
      setTab(tabOf(form.errorPaths()[0] ?? 'name'))
      return
    }
    const ok = await form.submit(async () => {
      if (existing) {
        const { packageId: _p, ...fields } = parsed
        await root.packages.updateProgram({ packageId, programName: existing.name, ...fields })
      } else await root.packages.createProgram(parsed)
      root.ui.notify(`${existing ? 'Saved' : 'Created'} program ${parsed.name} in ${pkg?.name ?? packageId}.`)
    })
    if (!ok) {
      const f = form.errorPaths()[0]
      if (f) setTab(tabOf(f))
      return
    }
    if (close) onClose()
  }

  return (
    <PropertySheet
      title={existing ? `${existing.name} Program Properties` : `New Program — ${pkg?.name ?? packageId}`}
      testId="program-dialog"
      tabs={[
        { id: 'general', label: 'General' },
        { id: 'environment', label: 'Environment' },
        { id: 'requirements', label: 'Requirements' },
      ]}
      tab={tab}
      onTab={setTab}
      form={form}
      onOk={() => void save(true)}
      onCancel={onClose}
      onApply={existing ? () => void save(false) : undefined}
    >
      {tab === 'general' && (
        <>
          <Field label="Name" required validationMessage={form.fieldError('name')}>
            <Input value={draft.name} onChange={(_, d) => set('name', d.value)} autoFocus />
          </Field>
          <Field label="Command line" required validationMessage={form.fieldError('commandLine')}>
            <Input
              value={draft.commandLine}
              onChange={(_, d) => set('commandLine', d.value)}
              placeholder="apt-get install -y ./agent.deb  or  setup.exe /quiet"
              style={{ fontFamily: 'monospace' }}
            />
          </Field>
          <Field label="Comment" validationMessage={form.fieldError('comment')}>
            <Textarea
              value={draft.comment}
              onChange={(_, d) => set('comment', d.value)}
              rows={2}
              resize="vertical"
            />
          </Field>
          <div className={styles.row}>
            <Field label="After running" validationMessage={form.fieldError('afterRunning')}>
              <Select
                value={draft.afterRunning}
                onChange={(_, d) => set('afterRunning', d.value as Draft['afterRunning'])}
                aria-label="After running"
              >
                {afterRunningActions.map((a) => (
                  <option key={a} value={a}>
                    {afterRunningLabels[a]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </>
      )}
      {tab === 'environment' && (
        <>
          <Field label="Run mode" validationMessage={form.fieldError('runMode')}>
            <RadioGroup
              value={draft.runMode}
              onChange={(_, d) => set('runMode', d.value as Draft['runMode'])}
            >
              <Radio value="user" label="Run with the login's rights" />
              <Radio
                value="administrative"
                label="Run with administrative rights (sudo on Linux when the login is not root)"
              />
            </RadioGroup>
          </Field>
          <Checkbox
            checked={draft.keepContent}
            onChange={(_, d) => set('keepContent', d.checked === true)}
            label="Keep the package's files on the client after running"
          />
        </>
      )}
      {tab === 'requirements' && (
        <>
          <Field label="This program can run on" validationMessage={form.fieldError('platform')}>
            <RadioGroup
              value={draft.platform}
              onChange={(_, d) => set('platform', d.value as Draft['platform'])}
            >
              {programPlatforms.map((p) => (
                <Radio key={p} value={p} label={p === 'any' ? 'Any platform' : `${capitalize(p)} only`} />
              ))}
            </RadioGroup>
          </Field>
          <Field
            label="Maximum allowed run time (minutes)"
            validationMessage={form.fieldError('maxRunMinutes')}
            style={{ maxWidth: 260 }}
          >
            <Input
              value={draft.maxRunMinutes}
              onChange={(_, d) => set('maxRunMinutes', d.value)}
              inputMode="numeric"
            />
          </Field>
        </>
      )}
    </PropertySheet>
  )
})
