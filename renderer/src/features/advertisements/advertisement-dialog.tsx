import {
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  Select,
  Textarea,
  tokens,
} from '@fluentui/react-components'
import { AddRegular, DeleteRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import {
  advertisementInput,
  recurUnits,
  rerunBehaviours,
  rerunLabels,
} from '../../../../shared/dto/advertisement'
import { fromLocalInput, toLocalInput } from '../../lib/format'
import { useRoot } from '../../store-context'
import type { DialogRequest } from '../../shell/ui-store'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'

type Request = Extract<DialogRequest, { kind: 'advertisement' }>
type Unit = (typeof recurUnits)[number]
type Rerun = (typeof rerunBehaviours)[number]
interface AssignmentDraft {
  startAt: string
  recur: boolean
  recurEvery: string
  recurUnit: Unit
}

const useStyles = makeStyles({
  assignments: {
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
    padding: '8px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    background: tokens.colorNeutralBackground2,
  },
  assignment: {
    display: 'grid',
    gridTemplateColumns: '220px max-content 64px 110px 32px',
    justifyContent: 'start',
    gap: '8px',
    alignItems: 'center',
  },
  empty: { color: tokens.colorNeutralForeground3 },
})

const scheduleFields = new Set(['availableAt', 'expiresAt', 'assignments', 'rerun', 'mandatory'])

/** New / Properties of an advertisement: General (package, program, collection) and Schedule (start, expiry, mandatory assignments, rerun). */
export const AdvertisementDialog = observer(function AdvertisementDialog({
  request,
  onClose,
}: {
  request: Request
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useStyles()
  const formStyles = useFormStyles()
  const existing = request.id ? root.advertisements.byId.get(request.id) : undefined
  const packages = root.packages.sorted
  const [draft, setDraft] = useState(() => {
    const packageId = existing?.packageId ?? request.prefill?.packageId ?? packages[0]?.id ?? ''
    const pkg = root.packages.byId.get(packageId)
    const now = new Date()
    now.setSeconds(0, 0)
    return {
      name:
        existing?.name ??
        (pkg
          ? `${pkg.name} — ${request.prefill?.programName ?? pkg.programs[0]?.name ?? ''}`.replace(/ — $/, '')
          : ''),
      comment: existing?.comment ?? '',
      packageId,
      programName: existing?.programName ?? request.prefill?.programName ?? pkg?.programs[0]?.name ?? '',
      collectionId:
        existing?.collectionId ?? request.prefill?.collectionId ?? root.collections.allSystems?.id ?? '',
      includeSubCollections: existing?.includeSubCollections ?? true,
      availableAt: toLocalInput(existing?.availableAt ?? now.toISOString()),
      expires: !!existing?.expiresAt,
      expiresAt: toLocalInput(existing?.expiresAt ?? null),
      assignments: (existing?.assignments ?? []).map((a): AssignmentDraft => ({
        startAt: toLocalInput(a.startAt),
        recur: a.recurEvery !== null,
        recurEvery: String(a.recurEvery ?? 1),
        recurUnit: a.recurUnit ?? 'days',
      })),
      rerun: (existing?.rerun ?? 'never') as Rerun,
    }
  })
  const [tab, setTab] = useState('general')
  const form = useForm()
  type Draft = typeof draft
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }))
  const setAssignment = (i: number, patch: Partial<AssignmentDraft>) =>
    set(
      'assignments',
      draft.assignments.map((a, j) => (j === i ? { ...a, ...patch } : a)),
    )
  const pkg = root.packages.byId.get(draft.packageId)
  const collections = [...root.collections.items].sort((a, b) => a.name.localeCompare(b.name))

  const save = async (close: boolean) => {
    const availableAt = fromLocalInput(draft.availableAt)
    const expiresAt = draft.expires ? fromLocalInput(draft.expiresAt) : null
    const assignments = draft.assignments.map((a) => ({
      startAt: fromLocalInput(a.startAt) ?? '',
      recurEvery: a.recur ? Number(a.recurEvery) : null,
      recurUnit: a.recur ? a.recurUnit : null,
    }))
    const value = {
      name: draft.name,
      comment: draft.comment,
      packageId: draft.packageId,
      programName: draft.programName,
      collectionId: draft.collectionId,
      includeSubCollections: draft.includeSubCollections,
      availableAt: availableAt ?? '',
      expiresAt,
      mandatory: assignments.length > 0,
      assignments,
      rerun: draft.rerun,
    }
    const parsed = form.validate(advertisementInput, value, {
      packageId: !draft.packageId && 'Choose a package',
      programName:
        !draft.programName &&
        (pkg?.programs.length ? 'Choose a program' : 'This package has no programs — add one first'),
      collectionId: !draft.collectionId && 'Choose a collection',
      availableAt: !availableAt && 'Enter when the advertisement becomes available',
      expiresAt:
        draft.expires &&
        (!expiresAt
          ? 'Enter when the advertisement expires'
          : availableAt && expiresAt <= availableAt
            ? 'Expiry must be after the available time'
            : undefined),
    })
    if (!parsed) {
      const first = form.errorPaths()[0] ?? 'name'
      setTab(scheduleFields.has(first.split('.')[0]!) ? 'schedule' : 'general')
      return
    }
    const ok = await form.submit(async () => {
      if (existing) await root.advertisements.update({ id: existing.id, ...parsed })
      else await root.advertisements.create(parsed)
      root.ui.notify(`${existing ? 'Saved' : 'Created'} advertisement ${parsed.name}.`)
    })
    if (!ok) {
      const f = form.errorPaths()[0]
      if (f) setTab(scheduleFields.has(f.split('.')[0]!) ? 'schedule' : 'general')
      return
    }
    if (close) onClose()
  }

  return (
    <PropertySheet
      title={existing ? `${existing.name} Advertisement Properties` : 'New Advertisement'}
      testId="advertisement-dialog"
      tabs={[
        { id: 'general', label: 'General' },
        { id: 'schedule', label: 'Schedule' },
      ]}
      tab={tab}
      onTab={setTab}
      form={form}
      width={720}
      onOk={() => void save(true)}
      onCancel={onClose}
      onApply={existing ? () => void save(false) : undefined}
    >
      {tab === 'general' ? (
        <>
          <Field label="Name" required validationMessage={form.fieldError('name')}>
            <Input value={draft.name} onChange={(_, d) => set('name', d.value)} autoFocus />
          </Field>
          <Field label="Comment" validationMessage={form.fieldError('comment')}>
            <Textarea
              value={draft.comment}
              onChange={(_, d) => set('comment', d.value)}
              rows={2}
              resize="vertical"
            />
          </Field>
          <div className={formStyles.row}>
            <Field label="Package" required validationMessage={form.fieldError('packageId')}>
              <Select
                value={draft.packageId}
                aria-label="Package"
                onChange={(_, d) => {
                  const next = root.packages.byId.get(d.value)
                  setDraft((x) => ({ ...x, packageId: d.value, programName: next?.programs[0]?.name ?? '' }))
                }}
              >
                {!draft.packageId && <option value="">(choose a package)</option>}
                {packages.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} ({p.id})
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Program" required validationMessage={form.fieldError('programName')}>
              <Select
                value={draft.programName}
                onChange={(_, d) => set('programName', d.value)}
                aria-label="Program"
              >
                {!draft.programName && <option value="">(no program)</option>}
                {(pkg?.programs ?? []).map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field label="Collection" required validationMessage={form.fieldError('collectionId')}>
            <Select
              value={draft.collectionId}
              onChange={(_, d) => set('collectionId', d.value)}
              aria-label="Collection"
            >
              {!draft.collectionId && <option value="">(choose a collection)</option>}
              {collections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.id}) — {c.memberCount} members
                </option>
              ))}
            </Select>
          </Field>
          <Checkbox
            label="Include members of subcollections"
            checked={draft.includeSubCollections}
            onChange={(_, d) => set('includeSubCollections', !!d.checked)}
          />
          {existing && <span className={formStyles.hint}>Advertisement ID {existing.id}</span>}
        </>
      ) : (
        <>
          <div className={formStyles.row}>
            <Field
              label="Advertisement start time"
              required
              validationMessage={form.fieldError('availableAt')}
            >
              <Input
                type="datetime-local"
                value={draft.availableAt}
                onChange={(_, d) => set('availableAt', d.value)}
                aria-label="Advertisement start time"
              />
            </Field>
            <Field label="Advertisement expires" validationMessage={form.fieldError('expiresAt')}>
              <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
                <Checkbox
                  checked={draft.expires}
                  onChange={(_, d) => set('expires', !!d.checked)}
                  aria-label="Advertisement expires"
                />
                <Input
                  type="datetime-local"
                  value={draft.expiresAt}
                  disabled={!draft.expires}
                  onChange={(_, d) => set('expiresAt', d.value)}
                  aria-label="Expiry time"
                  style={{ flexGrow: 1 }}
                />
              </div>
            </Field>
          </div>
          <Field
            label="Mandatory assignments"
            hint="With at least one assignment the program runs without the user asking for it."
            validationMessage={form.fieldError('assignments') ?? form.fieldError('mandatory')}
          >
            <div className={styles.assignments} data-testid="assignments">
              {draft.assignments.length === 0 && (
                <span className={styles.empty}>
                  None — the program is only offered (optional advertisement).
                </span>
              )}
              {draft.assignments.map((a, i) => (
                <div key={i} className={styles.assignment} data-testid="assignment">
                  <Input
                    size="small"
                    type="datetime-local"
                    value={a.startAt}
                    onChange={(_, d) => setAssignment(i, { startAt: d.value })}
                    aria-label={`Assignment ${i + 1} time`}
                  />
                  <Checkbox
                    label="Recur every"
                    checked={a.recur}
                    onChange={(_, d) => setAssignment(i, { recur: !!d.checked })}
                  />
                  <Input
                    size="small"
                    value={a.recurEvery}
                    disabled={!a.recur}
                    onChange={(_, d) => setAssignment(i, { recurEvery: d.value })}
                    aria-label={`Assignment ${i + 1} interval`}
                  />
                  <Select
                    size="small"
                    value={a.recurUnit}
                    disabled={!a.recur}
                    onChange={(_, d) => setAssignment(i, { recurUnit: d.value as Unit })}
                    aria-label={`Assignment ${i + 1} unit`}
                  >
                    {recurUnits.map((u) => (
                      <option key={u} value={u}>
                        {u}
                      </option>
                    ))}
                  </Select>
                  <Button
                    size="small"
                    appearance="subtle"
                    icon={<DeleteRegular />}
                    aria-label={`Remove assignment ${i + 1}`}
                    onClick={() =>
                      set(
                        'assignments',
                        draft.assignments.filter((_, j) => j !== i),
                      )
                    }
                  />
                </div>
              ))}
              {Object.entries(form.fieldErrors)
                .filter(([k]) => k.startsWith('assignments.'))
                .map(([k, v]) => (
                  <span key={k} style={{ color: tokens.colorPaletteRedForeground1 }}>
                    Assignment {Number(k.split('.')[1]) + 1}: {v}
                  </span>
                ))}
              <div>
                <Button
                  size="small"
                  icon={<AddRegular />}
                  onClick={() =>
                    set('assignments', [
                      ...draft.assignments,
                      { startAt: draft.availableAt, recur: false, recurEvery: '1', recurUnit: 'days' },
                    ])
                  }
                  data-testid="add-assignment"
                >
                  Add assignment
                </Button>
              </div>
            </div>
          </Field>
          <Field label="Program rerun behavior" validationMessage={form.fieldError('rerun')}>
            <Select
              value={draft.rerun}
              onChange={(_, d) => set('rerun', d.value as Rerun)}
              aria-label="Program rerun behavior"
            >
              {rerunBehaviours.map((r) => (
                <option key={r} value={r}>
                  {rerunLabels[r]}
                </option>
              ))}
            </Select>
          </Field>
        </>
      )}
    </PropertySheet>
  )
})
