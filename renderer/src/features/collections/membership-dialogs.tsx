import { Checkbox, makeStyles, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { useRoot } from '../../store-context'
import { PropertySheet } from '../../shell/dialogs/property-sheet'
import { ResourcePicker } from '../resources/resource-picker'
import { useForm } from '../../shell/dialogs/use-form'

const useStyles = makeStyles({
  list: {
    maxHeight: '280px',
    overflow: 'auto',
    display: 'flex',
    flexDirection: 'column',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: '4px 8px',
    background: tokens.colorNeutralBackground1,
  },
})

/** All Tasks › Add Resources… of a collection: picks resources to add as direct members. */
export const AddResourcesDialog = observer(function AddResourcesDialog({
  collectionId,
  onClose,
}: {
  collectionId: string
  onClose: () => void
}) {
  const root = useRoot()
  const form = useForm()
  const collection = root.collections.byId.get(collectionId)
  const [ids, setIds] = useState<Set<number>>(new Set())
  const save = async () => {
    if (ids.size === 0) {
      form.validate({ safeParse: () => ({ success: true, data: null }) } as never, null, {
        resourceIds: 'Select at least one resource',
      })
      return
    }
    const ok = await form.submit(async () => {
      await root.collections.addMembers(collectionId, [...ids])
      root.ui.notify(
        `Added ${ids.size} resource${ids.size === 1 ? '' : 's'} to ${collection?.name ?? collectionId}.`,
      )
    })
    if (ok) onClose()
  }
  return (
    <PropertySheet
      title={`Add Resources to ${collection?.name ?? collectionId}`}
      testId="add-resources-dialog"
      tabs={[]}
      tab=""
      onTab={() => {}}
      form={form}
      onOk={() => void save()}
      onCancel={onClose}
      okLabel="Add"
    >
      <ResourcePicker
        resources={root.resources.items}
        selected={ids}
        onChange={setIds}
        label="Resources to add"
      />
    </PropertySheet>
  )
})

/** All Tasks › Add to Collection… of resources: picks collections that get them as direct members. */
export const AddToCollectionDialog = observer(function AddToCollectionDialog({
  resourceIds,
  onClose,
}: {
  resourceIds: number[]
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useStyles()
  const form = useForm()
  const [ids, setIds] = useState<Set<string>>(new Set())
  const targets = root.collections.items
    .filter((c) => !c.builtIn)
    .sort((a, b) => a.name.localeCompare(b.name))
  const names = resourceIds.map((id) => root.resources.byId.get(id)?.name ?? `#${id}`)
  const save = async () => {
    if (ids.size === 0) {
      form.validate({ safeParse: () => ({ success: true, data: null }) } as never, null, {
        collections: 'Select at least one collection',
      })
      return
    }
    const ok = await form.submit(async () => {
      for (const id of ids) await root.collections.addMembers(id, resourceIds)
      root.ui.notify(
        `Added ${names.length === 1 ? names[0] : `${names.length} resources`} to ${ids.size} collection${ids.size === 1 ? '' : 's'}.`,
      )
    })
    if (ok) onClose()
  }
  return (
    <PropertySheet
      title={`Add ${names.length === 1 ? names[0] : `${names.length} resources`} to Collection`}
      testId="add-to-collection-dialog"
      tabs={[]}
      tab=""
      onTab={() => {}}
      form={form}
      onOk={() => void save()}
      onCancel={onClose}
      okLabel="Add"
    >
      <div className={styles.list} role="group" aria-label="Collections">
        {targets.length === 0 && (
          <span>
            No collection to add to — create one first (built-in collections take no direct members).
          </span>
        )}
        {targets.map((c) => (
          <Checkbox
            key={c.id}
            label={`${c.name} (${c.id}) — ${c.memberCount} members`}
            checked={ids.has(c.id)}
            onChange={(_, d) => {
              const next = new Set(ids)
              if (d.checked) next.add(c.id)
              else next.delete(c.id)
              setIds(next)
            }}
          />
        ))}
      </div>
    </PropertySheet>
  )
})
