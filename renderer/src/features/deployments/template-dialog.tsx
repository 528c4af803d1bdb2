import { Checkbox, Field, Input, Radio, RadioGroup, Select } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { templateInput, type TemplateSettings } from '../../../../shared/dto/deployment-template'
import { useRoot } from '../../store-context'
import { maintenanceWindowLabels, userNotificationLabels } from './template-store'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'

const hoursOf = (v: string): number => (/^\s*\d+\s*$/.test(v) ? Number(v) : NaN)

/** New Deployment Template / a template's Properties: every saved deployment setting, errors named per field. */
export const TemplateDialog = observer(function TemplateDialog(props: { id?: number; onClose: () => void }) {
  const root = useRoot()
  const styles = useFormStyles()
  const store = root.templates
  useEffect(() => store.ensureLoaded(), [store])
  const existing = props.id !== undefined ? store.items.find((t) => t.id === props.id) : undefined
  const s = existing?.settings
  const form = useForm()
  const [tab, setTab] = useState('general')
  const [name, setName] = useState(existing?.name ?? '')
  const [collectionId, setCollectionId] = useState(s?.collectionId ?? '')
  const [duration, setDuration] = useState(String(s?.durationHours ?? 0))
  const [hasDeadline, setHasDeadline] = useState(s ? s.deadlineOffsetHours !== null : false)
  const [deadline, setDeadline] = useState(String(s?.deadlineOffsetHours ?? 24))
  const [settings, setSettings] = useState<
    Pick<
      TemplateSettings,
      'maintenanceWindow' | 'suppressRestartServers' | 'suppressRestartWorkstations' | 'userNotification'
    >
  >({
    maintenanceWindow: s?.maintenanceWindow ?? 'respect',
    suppressRestartServers: s?.suppressRestartServers ?? false,
    suppressRestartWorkstations: s?.suppressRestartWorkstations ?? false,
    userNotification: s?.userNotification ?? 'display-all',
  })
  const set = <K extends keyof typeof settings>(k: K, v: (typeof settings)[K]) =>
    setSettings((x) => ({ ...x, [k]: v }))

  const save = async () => {
    const durationHours = hoursOf(duration)
    const deadlineOffsetHours = hasDeadline ? hoursOf(deadline) : null
    const input = {
      name,
      settings: {
        ...settings,
        collectionId: collectionId || null,
        durationHours: Number.isNaN(durationHours) ? 0 : durationHours,
        deadlineOffsetHours:
          deadlineOffsetHours !== null && Number.isNaN(deadlineOffsetHours) ? 0 : deadlineOffsetHours,
      },
    }
    const parsed = form.validate(templateInput, input, {
      'settings.durationHours':
        Number.isNaN(durationHours) && 'Duration must be a whole number of hours (0 = no expiry)',
      'settings.deadlineOffsetHours':
        deadlineOffsetHours !== null &&
        (Number.isNaN(deadlineOffsetHours)
          ? 'Deadline must be a whole number of hours'
          : durationHours > 0 && deadlineOffsetHours > durationHours
            ? 'Deadline must fall within the duration'
            : false),
    })
    if (!parsed) {
      const paths = form.errorPaths()
      setTab(
        paths.some((p) => p === 'name' || /collectionId|durationHours|deadlineOffsetHours/.test(p))
          ? 'general'
          : 'behaviour',
      )
      return
    }
    const ok = await form.submit(async () => {
      const t = existing ? await store.update(existing.id, parsed) : await store.create(parsed)
      root.ui.notify(`${existing ? 'Saved' : 'Created'} deployment template ${t.name}.`)
    })
    if (ok) props.onClose()
  }
  return (
    <PropertySheet
      title={existing ? `${existing.name} Deployment Template Properties` : 'New Deployment Template'}
      testId="template-dialog"
      tabs={[
        { id: 'general', label: 'Collection and Schedule' },
        { id: 'behaviour', label: 'Restart and Notification' },
      ]}
      tab={tab}
      onTab={setTab}
      form={form}
      width={700}
      onOk={() => void save()}
      onCancel={props.onClose}
    >
      {tab === 'general' ? (
        <>
          <Field label="Name" required validationMessage={form.fieldError('name')}>
            <Input value={name} onChange={(_, d) => setName(d.value)} autoFocus data-testid="template-name" />
          </Field>
          <Field
            label="Collection"
            hint="Optional: deployments made from this template target this collection"
            validationMessage={form.fieldError('settings.collectionId')}
          >
            <Select
              value={collectionId}
              onChange={(_, d) => setCollectionId(d.value)}
              aria-label="Collection"
            >
              <option value="">(chosen per deployment)</option>
              {root.collections.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.id})
                </option>
              ))}
            </Select>
          </Field>
          <div className={styles.row}>
            <Field
              label="Duration (hours available)"
              hint="0 = the deployment never expires"
              validationMessage={form.fieldError('settings.durationHours')}
            >
              <Input
                value={duration}
                onChange={(_, d) => setDuration(d.value)}
                data-testid="template-duration"
              />
            </Field>
            <Field
              label="Deadline (hours after available)"
              hint={
                hasDeadline
                  ? 'Installs become mandatory at the deadline'
                  : 'No deadline: installs stay optional'
              }
              validationMessage={form.fieldError('settings.deadlineOffsetHours')}
            >
              <div className={styles.inline}>
                <Checkbox
                  checked={hasDeadline}
                  onChange={(_, d) => setHasDeadline(!!d.checked)}
                  label="Set a deadline"
                />
                <Input
                  value={deadline}
                  disabled={!hasDeadline}
                  onChange={(_, d) => setDeadline(d.value)}
                  style={{ width: 90 }}
                  aria-label="Deadline offset in hours"
                  data-testid="template-deadline"
                />
              </div>
            </Field>
          </div>
          <Field
            label="Maintenance windows"
            validationMessage={form.fieldError('settings.maintenanceWindow')}
          >
            <RadioGroup
              value={settings.maintenanceWindow}
              onChange={(_, d) => set('maintenanceWindow', d.value as TemplateSettings['maintenanceWindow'])}
            >
              {Object.entries(maintenanceWindowLabels).map(([v, l]) => (
                <Radio key={v} value={v} label={l} />
              ))}
            </RadioGroup>
          </Field>
        </>
      ) : (
        <>
          <Field label="Suppress the restart after install on">
            <div className={styles.inline}>
              <Checkbox
                checked={settings.suppressRestartServers}
                onChange={(_, d) => set('suppressRestartServers', !!d.checked)}
                label="Servers"
              />
              <Checkbox
                checked={settings.suppressRestartWorkstations}
                onChange={(_, d) => set('suppressRestartWorkstations', !!d.checked)}
                label="Workstations"
              />
            </div>
          </Field>
          <Field label="User notification" validationMessage={form.fieldError('settings.userNotification')}>
            <Select
              value={settings.userNotification}
              onChange={(_, d) => set('userNotification', d.value as TemplateSettings['userNotification'])}
              aria-label="User notification"
            >
              {Object.entries(userNotificationLabels).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </Select>
          </Field>
          <span className={styles.hint}>
            The Distribute Software Updates wizard offers this template; deployments made from it copy these
            settings.
          </span>
        </>
      )}
    </PropertySheet>
  )
})
