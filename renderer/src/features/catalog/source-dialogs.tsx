import {
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Text,
} from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useEffect, useRef, useState } from 'react'
import {
  DEBIAN_ARCHIVE_KEYRING,
  catalogImportInput,
  catalogScheduleInput,
  catalogSourceInput,
} from '../../../../shared/dto/catalog'
import { formatTime } from '../../lib/format'
import { useRoot } from '../../store-context'
import { HISTORY_NODE } from './catalog-views'
import { scheduleText, syncSummary } from './catalog-store'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'
import { TaskProgress } from '../tasks/task-progress'

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean)

/** Add Source: an APT repository the sync host synchronizes into the catalog. */
export const AddSourceDialog = observer(function AddSourceDialog({ onClose }: { onClose: () => void }) {
  const root = useRoot()
  const styles = useFormStyles()
  const form = useForm()
  const [draft, setDraft] = useState({
    name: '',
    baseUrl: '',
    suite: '',
    components: 'main',
    architectures: 'amd64',
    keyring: DEBIAN_ARCHIVE_KEYRING,
    allowExpired: false,
    allowUnsigned: false,
  })
  const set = <K extends keyof typeof draft>(k: K, v: (typeof draft)[K]) =>
    setDraft((d) => ({ ...d, [k]: v }))
  const save = async () => {
    const input = {
      ...draft,
      keyring: draft.allowUnsigned ? DEBIAN_ARCHIVE_KEYRING : draft.keyring,
      components: words(draft.components),
      architectures: words(draft.architectures),
    }
    const parsed = form.validate(catalogSourceInput, input)
    if (!parsed) return
    const ok = await form.submit(async () => {
      await root.catalog.add(parsed)
      root.ui.notify(`Added catalog source ${parsed.name} — All Tasks › Synchronize Now fetches it.`)
    })
    if (ok) onClose()
  }
  return (
    <PropertySheet
      title="Add Catalog Source"
      testId="source-dialog"
      form={form}
      width={620}
      onOk={() => void save()}
      onCancel={onClose}
    >
      <Field label="Name" required validationMessage={form.fieldError('name')}>
        <Input value={draft.name} onChange={(_, d) => set('name', d.value)} autoFocus />
      </Field>
      <Field
        label="Archive URL"
        required
        hint="A Debian archive root, such as http://deb.debian.org/debian-security"
        validationMessage={form.fieldError('baseUrl')}
      >
        <Input value={draft.baseUrl} onChange={(_, d) => set('baseUrl', d.value)} />
      </Field>
      <div className={styles.row3}>
        <Field label="Suite" required validationMessage={form.fieldError('suite')}>
          <Input
            value={draft.suite}
            placeholder="bookworm-security"
            onChange={(_, d) => set('suite', d.value)}
          />
        </Field>
        <Field label="Components" validationMessage={form.fieldError('components')}>
          <Input value={draft.components} onChange={(_, d) => set('components', d.value)} />
        </Field>
        <Field label="Architectures" validationMessage={form.fieldError('architectures')}>
          <Input value={draft.architectures} onChange={(_, d) => set('architectures', d.value)} />
        </Field>
      </div>
      <Field
        label="Keyring"
        hint="gpgv verifies the Release signature with it; a sync whose signature does not verify is refused"
        validationMessage={form.fieldError('keyring')}
      >
        <Input
          value={draft.allowUnsigned ? '' : draft.keyring}
          disabled={draft.allowUnsigned}
          onChange={(_, d) => set('keyring', d.value)}
        />
      </Field>
      <Checkbox
        checked={draft.allowExpired}
        onChange={(_, d) => set('allowExpired', !!d.checked)}
        label="Accept an expired Release file (archived snapshots)"
      />
      <Checkbox
        checked={draft.allowUnsigned}
        onChange={(_, d) => set('allowUnsigned', !!d.checked)}
        label="Accept unsigned Release files (unsafe: anyone on the path to this mirror can change what clients install)"
      />
      {draft.allowUnsigned && (
        <MessageBar intent="warning" data-testid="unsigned-warning">
          <MessageBarBody>
            This source will not be verified. Use it only for a mirror you build and serve yourself.
          </MessageBarBody>
        </MessageBar>
      )}
    </PropertySheet>
  )
})

const intervals: [number, string][] = [
  [0, 'On demand only'],
  [60, 'Every hour'],
  [360, 'Every 6 hours'],
  [720, 'Every 12 hours'],
  [1440, 'Every day'],
  [10080, 'Every week'],
]

/** A source's properties: where it is, what its last sync found, and the sync host's schedule. */
export const ScheduleDialog = observer(function ScheduleDialog(props: { name: string; onClose: () => void }) {
  const root = useRoot()
  const styles = useFormStyles()
  const store = root.catalog
  const form = useForm()
  const source = store.sources.find((s) => s.name === props.name)
  const [minutes, setMinutes] = useState(source?.syncIntervalMinutes ?? 0)
  const last = store.lastRunBySource.get(props.name)
  const save = async () => {
    const parsed = form.validate(catalogScheduleInput, { sourceName: props.name, intervalMinutes: minutes })
    if (!parsed) return
    if (await form.submit(() => store.schedule(parsed.sourceName, parsed.intervalMinutes))) props.onClose()
  }
  const choices = intervals.some(([m]) => m === minutes)
    ? intervals
    : [...intervals, [minutes, scheduleText(minutes)]]
  return (
    <PropertySheet
      title={`${props.name} Source Properties`}
      testId="schedule-dialog"
      form={form}
      width={560}
      onOk={() => void save()}
      onCancel={props.onClose}
    >
      {source && (
        <Text block>
          {source.kind === 'apt'
            ? `${source.baseUrl} ${source.suite} (${source.components.join(', ')}; ${source.architectures.join(', ')})`
            : source.baseUrl}
        </Text>
      )}
      <span className={styles.hint}>
        {source?.updateCount.toLocaleString() ?? 0} updates · last sync{' '}
        {formatTime(source?.lastSyncAt) || 'never'}
        {last ? ` · ${syncSummary(last)}` : ''}
      </span>
      <Field
        label="Synchronization schedule"
        hint={
          store.syncHost
            ? `The sync host ${store.syncHost} runs it.`
            : 'No resource has the "sync host" role yet — give one the role in its Properties, or the schedule waits.'
        }
        validationMessage={form.fieldError('intervalMinutes')}
      >
        <Select
          value={String(minutes)}
          onChange={(_, d) => setMinutes(Number(d.value))}
          aria-label="Schedule"
        >
          {choices.map(([m, l]) => (
            <option key={m} value={m}>
              {l}
            </option>
          ))}
        </Select>
      </Field>
    </PropertySheet>
  )
})

/** Import Windows Catalog: an offline scan catalog (wsusscn2.cab, package.xml) or an update export (.csv). */
export const ImportCatalogDialog = observer(function ImportCatalogDialog({
  onClose,
}: {
  onClose: () => void
}) {
  const root = useRoot()
  const form = useForm()
  const [file, setFile] = useState('')
  const [name, setName] = useState('')
  const [caBundle, setCaBundle] = useState('')
  const [signer, setSigner] = useState('Microsoft Corporation')
  const [allowUnsigned, setAllowUnsigned] = useState(false)
  const save = async () => {
    const parsed = form.validate(catalogImportInput, {
      file,
      name: name.trim() || null,
      caBundle,
      signer,
      allowUnsigned,
    })
    if (!parsed) return
    const ok = await form.submit(async () => {
      const run = await root.catalog.importFile(parsed)
      if (run.state === 'failed') throw new Error(run.error)
      root.ui.notify(`Imported ${run.sourceName}: ${syncSummary(run)}.`)
    })
    if (ok) onClose()
  }
  return (
    <PropertySheet
      title="Import Windows Catalog"
      testId="import-dialog"
      form={form}
      width={600}
      okLabel="Import"
      onOk={() => void save()}
      onCancel={onClose}
    >
      <Field
        label="Catalog file"
        required
        hint="A path on the site server: wsusscn2.cab, package.xml, or a WSUS / Update Catalog export (.csv)"
        validationMessage={form.fieldError('file')}
      >
        <Input
          value={file}
          onChange={(_, d) => setFile(d.value)}
          autoFocus
          placeholder="/srv/catalog/wsusscn2.cab"
        />
      </Field>
      <Field
        label="Source name"
        hint="Default: the file name without its extension"
        validationMessage={form.fieldError('name')}
      >
        <Input value={name} onChange={(_, d) => setName(d.value)} />
      </Field>
      <Field
        label="CA bundle"
        hint="wsusscn2.cab: a PEM file of the certificates its Authenticode signature must chain to"
        validationMessage={form.fieldError('caBundle')}
      >
        <Input
          value={allowUnsigned ? '' : caBundle}
          disabled={allowUnsigned}
          onChange={(_, d) => setCaBundle(d.value)}
          placeholder="/etc/patchbay/microsoft-roots.pem"
        />
      </Field>
      <Field
        label="Signer"
        hint="The common name that must have signed it"
        validationMessage={form.fieldError('signer')}
      >
        <Input value={signer} disabled={allowUnsigned} onChange={(_, d) => setSigner(d.value)} />
      </Field>
      <Checkbox
        checked={allowUnsigned}
        onChange={(_, d) => setAllowUnsigned(!!d.checked)}
        label="Accept an unsigned catalog (unsafe; package.xml is never signed)"
      />
      {allowUnsigned && (
        <MessageBar intent="warning" data-testid="unsigned-import-warning">
          <MessageBarBody>
            This catalog will not be verified: whoever could change the file can change what clients install.
          </MessageBarBody>
        </MessageBar>
      )}
      {form.busy && <Spinner size="tiny" label="Importing…" />}
    </PropertySheet>
  )
})

/**
 * Synchronize Now: runs the sync as a task — each fetched file with its bytes, then the write — with an
 * overall bar and Cancel; once it ends, what each source's sync found. Reopened while a sync runs, it
 * shows that sync.
 */
export const SyncDialog = observer(function SyncDialog(props: {
  sourceName: string | null
  onClose: () => void
}) {
  const root = useRoot()
  const store = root.catalog
  const tasks = root.tasks
  const form = useForm()
  const [started] = useState(() => new Date().toISOString())
  const [taskId, setTaskId] = useState<string | null>(() =>
    store.syncing !== null ? store.syncTaskId : null,
  )
  const begun = useRef(taskId !== null)
  useEffect(() => {
    if (begun.current) return
    begun.current = true
    void form.submit(async () => setTaskId(await store.startSync(props.sourceName)))
  }, [form, store, props.sourceName])
  const task = taskId ? tasks.get(taskId) : undefined
  const done = task?.finished ?? false
  const names = props.sourceName ? [props.sourceName] : store.sources.map((s) => s.name)
  const runs = store.history.filter((h) => h.startedAt >= started)
  return (
    <PropertySheet
      title={props.sourceName ? `Synchronize ${props.sourceName}` : 'Synchronize Catalog Sources'}
      testId="sync-dialog"
      form={form}
      width={720}
      okLabel={done || form.serviceError ? 'Close' : 'Hide'}
      onOk={props.onClose}
      onCancel={props.onClose}
    >
      {taskId ? (
        <TaskProgress taskId={taskId} itemNoun="step" listHeight={240} />
      ) : (
        !form.serviceError && <Spinner size="tiny" label="Starting…" />
      )}
      {done &&
        names.map((n) => {
          const run = runs.filter((r) => r.sourceName === n).sort((a, b) => b.id - a.id)[0]
          return (
            <div key={n} data-testid="sync-row" style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
              <Text weight="semibold">{n}</Text>
              <Text>{run ? syncSummary(run) : 'Not synchronized: nothing was written'}</Text>
            </div>
          )
        })}
      {done && (
        <Text
          as="span"
          style={{ cursor: 'pointer', textDecoration: 'underline' }}
          onClick={() => {
            props.onClose()
            root.ui.selectNode(HISTORY_NODE)
          }}
        >
          View Sync History
        </Text>
      )}
    </PropertySheet>
  )
})
