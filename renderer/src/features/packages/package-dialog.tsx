import {
  Button,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  Radio,
  RadioGroup,
  Textarea,
  tokens,
} from '@fluentui/react-components'
import { AddRegular, DeleteRegular, DocumentBulletListRegular, MegaphoneRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { afterRunningLabels, packageInput, sendingPriorities } from '../../../../shared/dto/package'
import { capitalize } from '../../lib/format'
import { useRoot } from '../../store-context'
import type { DialogRequest } from '../../shell/ui-store'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'

type Request = Extract<DialogRequest, { kind: 'package' }>
type SendingPriority = (typeof sendingPriorities)[number]

const useStyles = makeStyles({
  list: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    minHeight: '150px',
    maxHeight: '240px',
    overflow: 'auto',
    background: tokens.colorNeutralBackground1,
  },
  head: {
    display: 'grid',
    gridTemplateColumns: '140px 1fr 200px',
    background: tokens.colorNeutralBackground3,
    padding: '2px 6px',
    fontWeight: tokens.fontWeightSemibold,
    position: 'sticky',
    top: 0,
  },
  item: {
    display: 'grid',
    gridTemplateColumns: '140px 1fr 200px',
    padding: '2px 6px',
    cursor: 'default',
    ':hover': { background: tokens.colorSubtleBackgroundHover },
  },
  selected: {
    background: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { background: tokens.colorBrandBackgroundHover },
  },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  buttons: { display: 'flex', gap: '6px' },
  empty: { padding: '8px', color: tokens.colorNeutralForeground3 },
})

/** New / Properties of a package: General, Data Source, Distribution Settings and its Programs. */
export const PackageDialog = observer(function PackageDialog({
  request,
  onClose,
  onSaved,
}: {
  request: Request
  onClose: () => void
  onSaved: (id: string) => void
}) {
  const root = useRoot()
  const styles = useStyles()
  const formStyles = useFormStyles()
  const existing = request.id ? root.packages.byId.get(request.id) : undefined
  const [draft, setDraft] = useState(() => ({
    name: existing?.name ?? '',
    version: existing?.version ?? '',
    manufacturer: existing?.manufacturer ?? '',
    language: existing?.language ?? '',
    comment: existing?.comment ?? '',
    sourcePath: existing?.sourcePath ?? '',
    sendingPriority: (existing?.sendingPriority ?? 'medium') as SendingPriority,
  }))
  const [tab, setTab] = useState(request.tab ?? 'general')
  const [selectedProgram, setSelectedProgram] = useState<string | null>(null)
  const form = useForm()
  const set = <K extends keyof typeof draft>(k: K, v: (typeof draft)[K]) =>
    setDraft((d) => ({ ...d, [k]: v }))
  const tabOf = (field: string) =>
    field === 'sourcePath' ? 'source' : field === 'sendingPriority' ? 'distribution' : 'general'

  const save = async (close: boolean) => {
    const parsed = form.validate(packageInput, draft)
    if (!parsed) {
      setTab(tabOf(form.errorPaths()[0] ?? 'name'))
      return
    }
    let savedId = existing?.id
    const ok = await form.submit(async () => {
      if (existing) {
        // An unchanged source folder is not sent again: browser mode checks the folders a change names.
        const { sourcePath, ...rest } = parsed
        const changed = sourcePath !== existing.sourcePath
        await root.packages.update({ id: existing.id, ...rest, ...(changed && { sourcePath }) })
      } else savedId = (await root.packages.create(parsed)).id
      root.ui.notify(`${existing ? 'Saved' : 'Created'} package ${parsed.name}.`)
    })
    if (!ok) {
      const field = form.errorPaths()[0]
      if (field) setTab(tabOf(field))
      return
    }
    if (close) onClose()
    else if (savedId) onSaved(savedId)
  }

  const programs = existing?.programs ?? []
  return (
    <PropertySheet
      title={existing ? `${existing.name} Package Properties` : 'New Package'}
      testId="package-dialog"
      tabs={[
        { id: 'general', label: 'General' },
        { id: 'source', label: 'Data Source' },
        { id: 'distribution', label: 'Distribution Settings' },
        { id: 'programs', label: `Programs${existing ? ` (${programs.length})` : ''}` },
      ]}
      tab={tab}
      onTab={setTab}
      form={form}
      width={760}
      onOk={() => void save(true)}
      onCancel={onClose}
      onApply={() => void save(false)}
    >
      {tab === 'general' && (
        <>
          <Field label="Name" required validationMessage={form.fieldError('name')}>
            <Input value={draft.name} onChange={(_, d) => set('name', d.value)} autoFocus />
          </Field>
          <div className={formStyles.row3}>
            <Field label="Manufacturer" validationMessage={form.fieldError('manufacturer')}>
              <Input value={draft.manufacturer} onChange={(_, d) => set('manufacturer', d.value)} />
            </Field>
            <Field label="Version" validationMessage={form.fieldError('version')}>
              <Input value={draft.version} onChange={(_, d) => set('version', d.value)} />
            </Field>
            <Field label="Language" validationMessage={form.fieldError('language')}>
              <Input value={draft.language} onChange={(_, d) => set('language', d.value)} />
            </Field>
          </div>
          <Field label="Comment" validationMessage={form.fieldError('comment')}>
            <Textarea
              value={draft.comment}
              onChange={(_, d) => set('comment', d.value)}
              rows={3}
              resize="vertical"
            />
          </Field>
          {existing && <span className={formStyles.hint}>Package ID {existing.id}</span>}
        </>
      )}
      {tab === 'source' && (
        <>
          <Field
            label="Source folder"
            hint="Leave empty for a package without source files (a command already on the clients)."
            validationMessage={form.fieldError('sourcePath')}
          >
            <Input
              value={draft.sourcePath}
              onChange={(_, d) => set('sourcePath', d.value)}
              placeholder="/srv/packages/agent-7.2 or \\server\share\pkg"
            />
          </Field>
        </>
      )}
      {tab === 'distribution' && (
        <Field
          label="Sending priority"
          hint="Order in which packages are sent to distribution points"
          validationMessage={form.fieldError('sendingPriority')}
        >
          <RadioGroup
            value={draft.sendingPriority}
            onChange={(_, d) => set('sendingPriority', d.value as SendingPriority)}
          >
            {sendingPriorities.map((p) => (
              <Radio key={p} value={p} label={capitalize(p)} />
            ))}
          </RadioGroup>
        </Field>
      )}
      {tab === 'programs' &&
        (!existing ? (
          <span className={formStyles.hint}>
            Programs can be added once the package exists — click Apply to create it first.
          </span>
        ) : (
          <>
            <div className={styles.list} role="listbox" aria-label="Programs" data-testid="program-list">
              <div className={styles.head} aria-hidden>
                <span>Program</span>
                <span>Command line</span>
                <span>After running</span>
              </div>
              {programs.length === 0 && (
                <div className={styles.empty}>
                  No programs yet. A program is the command clients run from this package.
                </div>
              )}
              {programs.map((p) => (
                <div
                  key={p.name}
                  role="option"
                  aria-selected={selectedProgram === p.name}
                  className={mergeClasses(styles.item, selectedProgram === p.name && styles.selected)}
                  onClick={() => setSelectedProgram(p.name)}
                  onDoubleClick={() =>
                    root.ui.openDialog({ kind: 'program', packageId: existing.id, name: p.name })
                  }
                  data-testid="program-item"
                >
                  <span className={styles.cell}>{p.name}</span>
                  <span className={styles.cell} style={{ fontFamily: tokens.fontFamilyMonospace }}>
                    {p.commandLine}
                  </span>
                  <span className={styles.cell}>{afterRunningLabels[p.afterRunning]}</span>
                </div>
              ))}
            </div>
            <div className={styles.buttons}>
              <Button
                size="small"
                icon={<AddRegular />}
                onClick={() => root.ui.openDialog({ kind: 'program', packageId: existing.id })}
                data-testid="new-program"
              >
                New Program…
              </Button>
              <Button
                size="small"
                icon={<DocumentBulletListRegular />}
                disabled={!selectedProgram}
                onClick={() =>
                  selectedProgram &&
                  root.ui.openDialog({ kind: 'program', packageId: existing.id, name: selectedProgram })
                }
              >
                Properties
              </Button>
              <Button
                size="small"
                icon={<DeleteRegular />}
                disabled={!selectedProgram}
                onClick={() =>
                  selectedProgram &&
                  root.ui.ask({
                    title: 'Confirm Delete',
                    message: `Delete program "${selectedProgram}" from ${existing.name}?`,
                    confirmLabel: 'Delete',
                    run: async () => {
                      await root.packages.removeProgram(existing.id, selectedProgram)
                      setSelectedProgram(null)
                    },
                  })
                }
              >
                Delete
              </Button>
              <Button
                size="small"
                icon={<MegaphoneRegular />}
                disabled={programs.length === 0}
                onClick={() =>
                  root.ui.openDialog({
                    kind: 'advertisement',
                    prefill: { packageId: existing.id, programName: selectedProgram ?? programs[0]?.name },
                  })
                }
              >
                Advertise…
              </Button>
            </div>
          </>
        ))}
    </PropertySheet>
  )
})
