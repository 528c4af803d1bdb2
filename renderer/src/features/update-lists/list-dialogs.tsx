import {
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  Select,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { updateListInput, updateListItemsInput, updateListUpdate } from '../../../../shared/dto/update-list'
import { formatTime, plural } from '../../lib/format'
import { useRoot } from '../../store-context'
import { criteriaText } from './criteria-text'
import { listNodeId } from './update-list-store'
import { updateMarker } from '../../shell/views'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'
import { ComplianceSummary } from './compliance-summary'

/** How many of the chosen updates are superseded (left out unless asked). */
function useSuperseded(updateIds: string[]): number {
  const root = useRoot()
  const byId = new Map(root.updates.items.map((u) => [u.id, u]))
  return updateIds.filter((id) => byId.get(id)?.supersededBy).length
}

/** Create Update List: from any selection of updates (or empty, to fill later). */
export const ListCreateDialog = observer(function ListCreateDialog(props: {
  updateIds: string[]
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useFormStyles()
  const form = useForm()
  const [draft, setDraft] = useState({ name: '', comment: '', includeSuperseded: false })
  const superseded = useSuperseded(props.updateIds)
  const save = async () => {
    const parsed = form.validate(updateListInput, { ...draft, updateIds: props.updateIds })
    if (!parsed) return
    const ok = await form.submit(async () => {
      const list = await root.updateLists.create(parsed)
      root.ui.selectNode(listNodeId(list.id))
    })
    if (ok) props.onClose()
  }
  return (
    <PropertySheet
      title="New Update List"
      testId="list-create-dialog"
      form={form}
      width={560}
      onOk={() => void save()}
      onCancel={props.onClose}
    >
      <Field label="Name" required validationMessage={form.fieldError('name')}>
        <Input
          value={draft.name}
          onChange={(_, d) => setDraft({ ...draft, name: d.value })}
          autoFocus
          data-testid="list-name"
        />
      </Field>
      <Field label="Comment" validationMessage={form.fieldError('comment')}>
        <Textarea
          value={draft.comment}
          onChange={(_, d) => setDraft({ ...draft, comment: d.value })}
          rows={2}
        />
      </Field>
      <Text>
        {props.updateIds.length
          ? `${plural(props.updateIds.length, 'selected update')}${superseded ? `, ${superseded} of them superseded` : ''}.`
          : 'An empty list: add updates later from the Update Repository or with an automatic rule.'}
      </Text>
      <Checkbox
        checked={draft.includeSuperseded}
        disabled={superseded === 0}
        onChange={(_, d) => setDraft({ ...draft, includeSuperseded: !!d.checked })}
        label="Include superseded updates (left out by default)"
      />
      <span className={styles.hint}>The list’s Properties show how many clients comply with it.</span>
    </PropertySheet>
  )
})

/** Add to Update List: add a selection of updates to an existing list. */
export const ListAddDialog = observer(function ListAddDialog(props: {
  updateIds: string[]
  onClose: () => void
}) {
  const root = useRoot()
  const store = root.updateLists
  const form = useForm()
  const [id, setId] = useState(store.lists[0]?.id ?? '')
  const [includeSuperseded, setInclude] = useState(false)
  const superseded = useSuperseded(props.updateIds)
  useEffect(() => store.ensureLoaded(), [store])
  useEffect(() => {
    if (!id && store.lists[0]) setId(store.lists[0].id)
  }, [id, store.lists])
  const save = async () => {
    const parsed = form.validate(
      updateListItemsInput,
      { id, updateIds: props.updateIds, includeSuperseded },
      {
        id: !id && 'Choose an update list',
      },
    )
    if (!parsed) return
    const ok = await form.submit(
      async () => void (await store.add(parsed.id, parsed.updateIds, parsed.includeSuperseded)),
    )
    if (ok) props.onClose()
  }
  return (
    <PropertySheet
      title="Add to Update List"
      testId="list-add-dialog"
      form={form}
      width={520}
      okLabel="Add"
      onOk={() => void save()}
      onCancel={props.onClose}
    >
      <Field label="Update list" required validationMessage={form.fieldError('id')}>
        <Select value={id} onChange={(_, d) => setId(d.value)} aria-label="Update list">
          <option value="">(choose a list)</option>
          {store.lists.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name} ({l.id}) — {plural(l.updateCount, 'update')}
            </option>
          ))}
        </Select>
      </Field>
      <Text>
        Adds {plural(props.updateIds.length, 'update')}
        {superseded ? `; ${superseded} superseded` : ''}.
      </Text>
      <Checkbox
        checked={includeSuperseded}
        disabled={superseded === 0}
        onChange={(_, d) => setInclude(!!d.checked)}
        label="Include superseded updates (left out by default)"
      />
      {store.lists.length === 0 && <Text italic>No update list yet — use Create Update List… instead.</Text>}
    </PropertySheet>
  )
})

const useStyles = makeStyles({
  table: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    maxHeight: '260px',
    overflow: 'auto',
    background: tokens.colorNeutralBackground1,
  },
  head: {
    display: 'grid',
    gridTemplateColumns: '24px 1fr 120px 70px 70px 140px',
    gap: '6px',
    background: tokens.colorNeutralBackground3,
    padding: '2px 6px',
    fontWeight: tokens.fontWeightSemibold,
    position: 'sticky',
    top: 0,
  },
  item: {
    display: 'grid',
    gridTemplateColumns: '24px 1fr 120px 70px 70px 140px',
    gap: '6px',
    padding: '1px 6px',
    alignItems: 'center',
  },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  end: { textAlign: 'right' },
  stats: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px' },
  muted: { color: tokens.colorNeutralForeground3 },
  rule: { display: 'flex', gap: '8px', alignItems: 'center' },
})

/** An update list's Properties: General (name, comment), Updates (remove), Compliance (summary and bar), Automatic Rules. */
export const ListPropertiesDialog = observer(function ListPropertiesDialog(props: {
  id: string
  tab?: string
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useStyles()
  const formStyles = useFormStyles()
  const store = root.updateLists
  const form = useForm()
  const list = store.byId.get(props.id)
  const details = store.properties.get(props.id)
  const [tab, setTab] = useState(props.tab ?? 'general')
  const [draft, setDraft] = useState({ name: list?.name ?? '', comment: list?.comment ?? '' })
  const [removed, setRemoved] = useState<Set<string>>(new Set())
  useEffect(() => {
    void store.loadProperties(props.id)
  }, [store, props.id])
  const rules = store.rules.filter((r) => r.listId === props.id)
  const save = async (close: boolean) => {
    const parsed = form.validate(updateListUpdate, { id: props.id, ...draft })
    if (!parsed) {
      setTab('general')
      return
    }
    const ok = await form.submit(async () => {
      await store.update({ id: props.id, name: parsed.name, comment: parsed.comment })
      if (removed.size) await store.removeUpdates(props.id, [...removed])
      setRemoved(new Set())
      await store.loadProperties(props.id)
    })
    if (ok && close) props.onClose()
  }
  const s = details?.summary
  return (
    <PropertySheet
      title={`${list?.name ?? props.id} Update List Properties`}
      testId="list-properties-dialog"
      tabs={[
        { id: 'general', label: 'General' },
        { id: 'updates', label: 'Updates' },
        { id: 'compliance', label: 'Compliance' },
        { id: 'rules', label: 'Automatic Rules' },
      ]}
      tab={tab}
      onTab={setTab}
      form={form}
      width={760}
      onOk={() => void save(true)}
      onCancel={props.onClose}
      onApply={() => void save(false)}
    >
      {tab === 'general' && (
        <>
          <Field label="Name" required validationMessage={form.fieldError('name')}>
            <Input value={draft.name} onChange={(_, d) => setDraft({ ...draft, name: d.value })} />
          </Field>
          <Field label="Comment" validationMessage={form.fieldError('comment')}>
            <Textarea
              value={draft.comment}
              onChange={(_, d) => setDraft({ ...draft, comment: d.value })}
              rows={3}
            />
          </Field>
          <span className={formStyles.hint}>
            Update list ID {props.id} · {plural(list?.updateCount ?? 0, 'update')} · created{' '}
            {formatTime(list?.createdAt)} · changed {formatTime(list?.updatedAt)}
          </span>
          {s && <ComplianceSummary summary={s} />}
        </>
      )}
      {tab === 'updates' && (
        <>
          <div className={styles.table} role="table" aria-label="Updates in this list">
            <div className={styles.head} role="row">
              <span />
              <span>Title</span>
              <span>Classification</span>
              <span className={styles.end}>Required</span>
              <span className={styles.end}>Installed</span>
              <span>Catalog Status</span>
            </div>
            {(details?.updates ?? []).map((u) => (
              <div key={u.id} className={styles.item} role="row" data-testid="list-update-row">
                <Checkbox
                  aria-label={`Remove ${u.title}`}
                  checked={removed.has(u.id)}
                  onChange={(_, d) => {
                    const next = new Set(removed)
                    if (d.checked) next.add(u.id)
                    else next.delete(u.id)
                    setRemoved(next)
                  }}
                />
                <span
                  className={styles.cell}
                  title={u.title}
                  style={removed.has(u.id) ? { textDecoration: 'line-through' } : undefined}
                >
                  {u.title}
                </span>
                <span className={styles.cell}>{u.classification}</span>
                <span className={styles.end}>{u.required.toLocaleString()}</span>
                <span className={styles.end}>{u.installed.toLocaleString()}</span>
                <span className={styles.cell}>{updateMarker(u)}</span>
              </div>
            ))}
            {details && details.updates.length === 0 && (
              <div className={styles.item}>No update in this list yet.</div>
            )}
          </div>
          <span className={formStyles.hint}>
            Tick updates and press Apply or OK to remove them. Add updates from the Update Repository (All
            Tasks › Add to Update List…).
          </span>
        </>
      )}
      {tab === 'compliance' && (
        <>
          {s ? (
            <>
              <ComplianceSummary summary={s} />
              <div className={styles.stats} data-testid="list-stats">
                <span className={styles.muted}>Clients compliant</span>
                <span>{s.compliantClients.toLocaleString()} (need none of the list’s updates)</span>
                <span className={styles.muted}>Clients non-compliant</span>
                <span>{s.nonCompliantClients.toLocaleString()} (need at least one)</span>
                <span className={styles.muted}>Clients unknown</span>
                <span>{s.unknownClients.toLocaleString()} (never scanned)</span>
                <span className={styles.muted}>Required</span>
                <span>{s.required.toLocaleString()} client × update</span>
                <span className={styles.muted}>Installed</span>
                <span>{s.installed.toLocaleString()}</span>
                <span className={styles.muted}>Not required</span>
                <span>{s.notRequired.toLocaleString()}</span>
                <span className={styles.muted}>Unknown</span>
                <span>{s.unknown.toLocaleString()}</span>
              </div>
            </>
          ) : (
            <Text>Loading…</Text>
          )}
        </>
      )}
      {tab === 'rules' && (
        <>
          {rules.length === 0 && <Text>No automatic rule feeds this list.</Text>}
          {rules.map((r) => (
            <div key={r.id} className={styles.rule} data-testid="list-rule">
              <Text weight="semibold">{r.name}</Text>
              <Text className={styles.muted} truncate wrap={false} style={{ flexGrow: 1 }}>
                {r.enabled ? '' : '(disabled) '}
                {criteriaText(r.criteria)} · last run {formatTime(r.lastRunAt) || 'never'}
              </Text>
              <Button size="small" onClick={() => root.catalogDialogs.open({ kind: 'rule', id: r.id })}>
                Edit…
              </Button>
              <Button size="small" onClick={() => void store.runRule(r.id).catch(root.ui.reportError)}>
                Run Now
              </Button>
            </div>
          ))}
          <div>
            <Button size="small" onClick={() => root.catalogDialogs.open({ kind: 'rule', listId: props.id })}>
              New Automatic Rule…
            </Button>
          </div>
        </>
      )}
    </PropertySheet>
  )
})
