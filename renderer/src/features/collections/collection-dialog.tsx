import { Field, Input, Select, Textarea } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { collectionInput, type CollectionRuleDto } from '../../../../shared/dto/collection'
import { useRoot } from '../../store-context'
import type { DialogRequest } from '../../shell/ui-store'
import { MembershipRules } from './membership-rules'
import { WindowsTab } from '../maintenance-windows/windows-tab'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'

type Request = Extract<DialogRequest, { kind: 'collection' }>

/** New / Properties of a collection: General (name, comment, limiting collection, parent) and Membership Rules. */
export const CollectionDialog = observer(function CollectionDialog({
  request,
  onClose,
  onSaved,
}: {
  request: Request
  onClose: () => void
  onSaved: (id: string) => void
}) {
  const root = useRoot()
  const styles = useFormStyles()
  const existing = request.id ? root.collections.byId.get(request.id) : undefined
  const [draft, setDraft] = useState(() => ({
    name: existing?.name ?? '',
    comment: existing?.comment ?? '',
    parentId: existing?.parentId ?? request.parentId ?? null,
    limitingCollectionId: existing?.limitingCollectionId ?? null,
    rules: (existing?.rules ?? []) as CollectionRuleDto[],
  }))
  const [tab, setTab] = useState(request.tab ?? 'general')
  const form = useForm()
  const set = <K extends keyof typeof draft>(k: K, v: (typeof draft)[K]) =>
    setDraft((d) => ({ ...d, [k]: v }))

  // A collection cannot be its own parent or limit, nor sit under its own descendants.
  const descendants = new Set<string>()
  if (existing) {
    const walk = (id: string) => {
      descendants.add(id)
      for (const c of root.collections.childrenOf(id)) walk(c.id)
    }
    walk(existing.id)
  }
  const choices = root.collections.items
    .filter((c) => !descendants.has(c.id))
    .sort((a, b) => a.name.localeCompare(b.name))
  const allSystems = root.collections.allSystems

  const save = async (close: boolean) => {
    const parsed = form.validate(collectionInput, draft)
    if (!parsed) {
      if (!form.errorPaths().some((k) => !k.startsWith('rules'))) setTab('rules')
      else setTab('general')
      return
    }
    let savedId = existing?.id
    const ok = await form.submit(async () => {
      if (existing) {
        const { name, comment, parentId, limitingCollectionId, rules } = parsed
        await root.collections.update({
          id: existing.id,
          name,
          comment,
          parentId,
          limitingCollectionId,
          rules,
        })
      } else savedId = (await root.collections.create(parsed)).id
      root.ui.notify(`${existing ? 'Saved' : 'Created'} collection ${parsed.name}.`)
    })
    if (!ok) {
      if (form.errorPaths().some((k) => k.startsWith('rules'))) setTab('rules')
      return
    }
    if (close) onClose()
    else if (savedId) onSaved(savedId)
  }

  return (
    <PropertySheet
      title={
        existing
          ? `${existing.name} Collection Properties`
          : request.parentId
            ? 'New Sub-Collection'
            : 'New Collection'
      }
      testId="collection-dialog"
      tabs={[
        { id: 'general', label: 'General' },
        { id: 'rules', label: 'Membership Rules' },
        ...(existing ? [{ id: 'windows', label: 'Maintenance Windows' }] : []),
      ]}
      tab={tab}
      onTab={setTab}
      form={form}
      width={760}
      onOk={() => void save(true)}
      onCancel={onClose}
      onApply={() => void save(false)}
    >
      {tab === 'general' ? (
        <>
          <Field label="Name" required validationMessage={form.fieldError('name')}>
            <Input
              value={draft.name}
              onChange={(_, d) => set('name', d.value)}
              autoFocus
              disabled={existing?.builtIn}
            />
          </Field>
          <Field label="Comment" validationMessage={form.fieldError('comment')}>
            <Textarea
              value={draft.comment}
              onChange={(_, d) => set('comment', d.value)}
              rows={3}
              resize="vertical"
            />
          </Field>
          <div className={styles.row}>
            <Field
              label="Limiting collection"
              hint="Members are taken only from this collection"
              validationMessage={form.fieldError('limitingCollectionId')}
            >
              <Select
                value={draft.limitingCollectionId ?? ''}
                onChange={(_, d) => set('limitingCollectionId', d.value || null)}
                aria-label="Limiting collection"
              >
                <option value="">
                  {allSystems ? `${allSystems.name} (default)` : '(default: all systems)'}
                </option>
                {choices
                  .filter((c) => c.id !== allSystems?.id)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name} ({c.id})
                    </option>
                  ))}
              </Select>
            </Field>
            <Field
              label="Parent collection"
              hint="Shown under this collection in the tree"
              validationMessage={form.fieldError('parentId')}
            >
              <Select
                value={draft.parentId ?? ''}
                onChange={(_, d) => set('parentId', d.value || null)}
                aria-label="Parent collection"
                disabled={existing?.builtIn}
              >
                <option value="">(top level)</option>
                {choices.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.id})
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          {existing && (
            <span className={styles.hint}>
              Collection ID {existing.id} · {existing.memberCount} members ·{' '}
              {existing.builtIn ? 'built-in' : 'created by an administrator'}
            </span>
          )}
        </>
      ) : tab === 'windows' && existing ? (
        <WindowsTab collectionId={existing.id} />
      ) : (
        <MembershipRules
          rules={draft.rules}
          onChange={(rules) => set('rules', rules)}
          limitingCollectionId={draft.limitingCollectionId}
          error={form.fieldError('rules')}
        />
      )}
    </PropertySheet>
  )
})
