import { Checkbox, Field, Input, Radio, RadioGroup, Select } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { deploymentInput } from '../../../../shared/dto/deployment'
import type { TemplateDto } from '../../../../shared/dto/deployment-template'
import { fromLocalInput, plural, toLocalInput } from '../../lib/format'
import { useRoot } from '../../store-context'
import { DEPLOYMENTS_NODE, type DeploymentPrefill } from './deployment-store'
import { WindowDialog } from '../maintenance-windows/window-dialog'
import { RunDialog } from './run-dialog'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'

type Source = 'updates' | 'list' | 'package'

const intOrNull = (v: string): number | null | typeof NaN =>
  v.trim() === '' ? null : /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN

/** New Deployment: updates, an update list or a deployment package → a collection, by hand or from a template. */
export const DeploymentDialog = observer(function DeploymentDialog(props: {
  prefill: DeploymentPrefill
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useFormStyles()
  const form = useForm()
  const lists = root.updateLists
  const packages = root.deploymentPackages
  const templates = root.templates
  useEffect(() => {
    lists.ensureLoaded()
    packages.ensureLoaded()
    templates.ensureLoaded()
  }, [lists, packages, templates])
  const p = props.prefill
  const [tab, setTab] = useState('general')
  const [name, setName] = useState('')
  const [source, setSource] = useState<Source>(
    p.updateListId ? 'list' : p.packageId ? 'package' : p.updateIds?.length ? 'updates' : 'list',
  )
  const [listId, setListId] = useState(p.updateListId ?? '')
  const [packageId, setPackageId] = useState(p.packageId ?? '')
  const [collectionId, setCollectionId] = useState(p.collectionId ?? '')
  const [templateId, setTemplateId] = useState('')
  const [available, setAvailable] = useState(toLocalInput(new Date().toISOString()))
  const [mandatory, setMandatory] = useState(true)
  const [deadline, setDeadline] = useState(toLocalInput(new Date().toISOString()))
  const [windows, setWindows] = useState<'honour' | 'ignore'>('honour')
  const [outsideAfterDeadline, setOutsideAfterDeadline] = useState(false)
  const [reboot, setReboot] = useState<'allow' | 'suppress'>('allow')
  const [restartWhat, setRestartWhat] = useState<'machine' | 'services'>('machine')
  const [suppressServers, setSuppressServers] = useState(false)
  const [suppressWorkstations, setSuppressWorkstations] = useState(false)
  const [batch, setBatch] = useState('')
  const [threshold, setThreshold] = useState('')
  const [attempts, setAttempts] = useState('3')
  const [runNow, setRunNow] = useState(true)
  const updateIds = p.updateIds ?? []

  const applyTemplate = (id: string) => {
    setTemplateId(id)
    const t: TemplateDto | undefined = templates.items.find((x) => String(x.id) === id)
    if (!t) return
    const s = t.settings
    if (s.collectionId) setCollectionId(s.collectionId)
    const from = fromLocalInput(available) ?? new Date().toISOString()
    setMandatory(s.deadlineOffsetHours !== null)
    if (s.deadlineOffsetHours !== null)
      setDeadline(toLocalInput(new Date(Date.parse(from) + s.deadlineOffsetHours * 3_600_000).toISOString()))
    setWindows(s.maintenanceWindow === 'respect' ? 'honour' : 'ignore')
    setSuppressServers(s.suppressRestartServers)
    setSuppressWorkstations(s.suppressRestartWorkstations)
    if (!name) setName(`${t.name} deployment`)
  }

  const save = async () => {
    const b = batch.trim()
    const batchOk = b === '' || /^\d+%?$/.test(b)
    const failures = intOrNull(threshold)
    const tries = intOrNull(attempts)
    const availableAt = fromLocalInput(available)
    const deadlineAt = mandatory ? fromLocalInput(deadline) : null
    const input = {
      ...(name.trim() ? { name } : {}),
      collectionId,
      updateIds: source === 'updates' ? updateIds : [],
      updateListId: source === 'list' ? listId || null : null,
      packageId: source === 'package' ? packageId || null : null,
      templateId: templateId ? Number(templateId) : null,
      availableAt,
      deadline: deadlineAt,
      settings: {
        maintenanceWindows: windows,
        installOutsideWindowsAfterDeadline: outsideAfterDeadline,
        reboot,
        restart: restartWhat,
        suppressRestartServers: suppressServers,
        suppressRestartWorkstations: suppressWorkstations,
        batchSize: b && !b.endsWith('%') && batchOk ? Number(b) : null,
        batchPercent: b.endsWith('%') && batchOk ? Number(b.slice(0, -1)) : null,
        failureThreshold: Number.isNaN(failures) ? null : failures,
        maxAttempts: tries === null || Number.isNaN(tries) ? 3 : tries,
      },
    }
    const parsed = form.validate(deploymentInput, input, {
      collectionId: !collectionId && 'Choose the collection to deploy to',
      updateIds:
        (source === 'updates' &&
          updateIds.length === 0 &&
          'No updates are selected — choose an update list or a package') ||
        (source === 'list' && !listId && 'Choose an update list') ||
        (source === 'package' && !packageId && 'Choose a deployment package'),
      availableAt: !availableAt && 'Available time must be a date and time',
      deadline: mandatory && !deadlineAt && 'A mandatory deployment needs a deadline',
      'settings.batchSize': !batchOk && 'Batch size must be a number of clients (10) or a percentage (25%)',
      'settings.failureThreshold':
        Number.isNaN(failures) && 'Failure threshold must be a whole number of clients',
      'settings.maxAttempts':
        (Number.isNaN(tries) || (tries !== null && (tries < 1 || tries > 20))) &&
        'Attempts per client must be a whole number from 1 to 20',
    })
    if (!parsed) {
      const paths = form.errorPaths()
      setTab(
        paths.some((x) => ['name', 'collectionId', 'updateIds', 'updateListId', 'packageId'].includes(x))
          ? 'general'
          : paths.some((x) => ['availableAt', 'deadline', 'settings.maintenanceWindows'].includes(x))
            ? 'schedule'
            : 'restart',
      )
      return
    }
    const ok = await form.submit(async () => {
      const d = await root.deployments.create(parsed, runNow)
      root.ui.notify(
        `Created deployment ${d.id} (${d.name}) of ${plural(d.updateIds.length, 'update')} to ${d.collectionName}${runNow ? '; running' : ''}.`,
      )
      root.ui.selectNode(DEPLOYMENTS_NODE)
    })
    if (ok) props.onClose()
  }

  return (
    <PropertySheet
      title="New Deployment"
      testId="deployment-dialog"
      tabs={[
        { id: 'general', label: 'General' },
        { id: 'schedule', label: 'Schedule and Windows' },
        { id: 'restart', label: 'Restart and Rollout' },
      ]}
      tab={tab}
      onTab={setTab}
      form={form}
      width={680}
      okLabel="Create"
      onOk={() => void save()}
      onCancel={props.onClose}
    >
      {tab === 'general' && (
        <>
          <Field
            label="Name"
            hint="Optional: named after what it deploys"
            validationMessage={form.fieldError('name')}
          >
            <Input value={name} onChange={(_, d) => setName(d.value)} data-testid="deployment-name" />
          </Field>
          <Field
            label="Deployment template"
            hint="Fills the collection, deadline, windows and restart settings"
          >
            <Select
              value={templateId}
              onChange={(_, d) => applyTemplate(d.value)}
              aria-label="Deployment template"
              data-testid="deployment-template"
            >
              <option value="">(set by hand)</option>
              {templates.items.map((t) => (
                <option key={t.id} value={String(t.id)}>
                  {t.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Deploy" validationMessage={form.fieldError('updateIds')}>
            <RadioGroup
              layout="horizontal"
              value={source}
              onChange={(_, d) => setSource(d.value as Source)}
              aria-label="What to deploy"
            >
              <Radio
                value="updates"
                label={`Selected updates (${updateIds.length})`}
                disabled={!updateIds.length}
              />
              <Radio value="list" label="An update list" data-testid="source-list" />
              <Radio value="package" label="A deployment package" data-testid="source-package" />
            </RadioGroup>
          </Field>
          {source === 'list' && (
            <Field label="Update list" validationMessage={form.fieldError('updateListId')}>
              <Select
                value={listId}
                onChange={(_, d) => setListId(d.value)}
                aria-label="Update list"
                data-testid="deployment-list"
              >
                <option value="">(choose)</option>
                {lists.lists.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name} ({plural(l.updateCount, 'update')})
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {source === 'package' && (
            <Field label="Deployment package" validationMessage={form.fieldError('packageId')}>
              <Select
                value={packageId}
                onChange={(_, d) => setPackageId(d.value)}
                aria-label="Deployment package"
                data-testid="deployment-package"
              >
                <option value="">(choose)</option>
                {packages.items.map((x) => (
                  <option key={x.packageId} value={x.packageId}>
                    {x.name} ({plural(x.updateIds.length, 'update')})
                  </option>
                ))}
              </Select>
            </Field>
          )}
          <Field label="Collection" required validationMessage={form.fieldError('collectionId')}>
            <Select
              value={collectionId}
              onChange={(_, d) => setCollectionId(d.value)}
              aria-label="Collection"
              data-testid="deployment-collection"
            >
              <option value="">(choose)</option>
              {root.collections.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.id}) — {plural(c.memberCount, 'member')}
                </option>
              ))}
            </Select>
          </Field>
        </>
      )}
      {tab === 'schedule' && (
        <>
          <div className={styles.row}>
            <Field label="Available from" validationMessage={form.fieldError('availableAt')}>
              <Input
                type="datetime-local"
                value={available}
                onChange={(_, d) => setAvailable(d.value)}
                aria-label="Available from"
              />
            </Field>
            <Field label="Deadline" validationMessage={form.fieldError('deadline')}>
              <Input
                type="datetime-local"
                value={deadline}
                disabled={!mandatory}
                onChange={(_, d) => setDeadline(d.value)}
                aria-label="Deadline"
              />
            </Field>
          </div>
          <Checkbox
            checked={mandatory}
            onChange={(_, d) => setMandatory(!!d.checked)}
            label="Mandatory: install at the deadline (otherwise optional — installs only when run by hand)"
            data-testid="deployment-mandatory"
          />
          <Field
            label="Maintenance windows"
            validationMessage={form.fieldError('settings.maintenanceWindows')}
          >
            <RadioGroup value={windows} onChange={(_, d) => setWindows(d.value as 'honour' | 'ignore')}>
              <Radio
                value="honour"
                label="Honour maintenance windows (install and restart only inside them)"
              />
              <Radio value="ignore" label="Ignore maintenance windows (install and restart at any time)" />
            </RadioGroup>
          </Field>
          <Checkbox
            checked={outsideAfterDeadline}
            disabled={windows === 'ignore' || !mandatory}
            onChange={(_, d) => setOutsideAfterDeadline(!!d.checked)}
            label="Once the deadline has passed, install even outside maintenance windows"
          />
        </>
      )}
      {tab === 'restart' && (
        <>
          <Field label="After an install that needs a restart">
            <RadioGroup value={reboot} onChange={(_, d) => setReboot(d.value as 'allow' | 'suppress')}>
              <Radio value="allow" label="Restart the client" />
              <Radio value="suppress" label="Suppress the restart (leave it pending)" />
            </RadioGroup>
          </Field>
          <Field label="Linux: when the install leaves only services on outdated libraries (no kernel, no reboot-required)">
            <RadioGroup
              value={restartWhat}
              onChange={(_, d) => setRestartWhat(d.value as 'machine' | 'services')}
              data-testid="deployment-restart-what"
            >
              <Radio value="machine" label="Restart nothing (only a pending restart restarts the machine)" />
              <Radio value="services" label="Restart only those services, then rescan" />
            </RadioGroup>
          </Field>
          <div className={styles.inline}>
            <Checkbox
              checked={suppressServers}
              onChange={(_, d) => setSuppressServers(!!d.checked)}
              label="Suppress restarts on servers"
            />
            <Checkbox
              checked={suppressWorkstations}
              onChange={(_, d) => setSuppressWorkstations(!!d.checked)}
              label="Suppress restarts on workstations"
            />
          </div>
          <div className={styles.row3}>
            <Field
              label="Rolling batch size"
              hint="Clients (10) or percent (25%) at a time; empty = all at once"
              validationMessage={form.fieldError('settings.batchSize')}
            >
              <Input value={batch} onChange={(_, d) => setBatch(d.value)} data-testid="deployment-batch" />
            </Field>
            <Field
              label="Failure threshold"
              hint="Stop after more failures"
              validationMessage={form.fieldError('settings.failureThreshold')}
            >
              <Input
                value={threshold}
                onChange={(_, d) => setThreshold(d.value)}
                data-testid="deployment-threshold"
              />
            </Field>
            <Field
              label="Attempts per client"
              hint="1–20"
              validationMessage={form.fieldError('settings.maxAttempts')}
            >
              <Input
                value={attempts}
                onChange={(_, d) => setAttempts(d.value)}
                data-testid="deployment-attempts"
              />
            </Field>
          </div>
          <Checkbox
            checked={runNow}
            onChange={(_, d) => setRunNow(!!d.checked)}
            label="Run the deployment now"
            data-testid="deployment-run-now"
          />
        </>
      )}
    </PropertySheet>
  )
})

/** The New Deployment, Run Now and maintenance window dialogs when open. */
export const DeploymentDialogs = observer(function DeploymentDialogs() {
  const root = useRoot()
  const store = root.deployments
  const editing = root.windows.editing
  return (
    <>
      {store.dialog && <DeploymentDialog prefill={store.dialog} onClose={store.closeNew} />}
      {store.runDialog && <RunDialog deploymentId={store.runDialog} onClose={() => store.openRun(null)} />}
      {editing && (
        <WindowDialog
          collectionId={editing.collectionId}
          window={editing.window}
          onClose={root.windows.closeEdit}
        />
      )}
    </>
  )
})
