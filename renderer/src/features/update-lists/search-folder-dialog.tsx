import { Field, Input } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { searchFolderInput } from '../../../../shared/dto/search-folder'
import { plural } from '../../lib/format'
import { useRoot } from '../../store-context'
import { folderNodeId } from './search-folder-store'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'
import { CriteriaFields, criteriaDraft, criteriaOf } from './criteria-fields'

/** New Search Folder / a folder's Properties: a name and the criteria (with "required by ≥ N clients"). */
export const SearchFolderDialog = observer(function SearchFolderDialog(props: {
  id?: number
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useFormStyles()
  const store = root.searchFolders
  const existing = props.id !== undefined ? store.byId.get(props.id) : undefined
  const form = useForm()
  const [name, setName] = useState(existing?.name ?? '')
  const [draft, setDraft] = useState(() => criteriaDraft(existing?.criteria))
  const save = async () => {
    const { criteria, errors } = criteriaOf(draft)
    const parsed = form.validate(searchFolderInput, { name, criteria }, errors)
    if (!parsed) return
    const ok = await form.submit(async () => {
      const f = existing
        ? await store.update(existing.id, parsed.name, parsed.criteria)
        : await store.create(parsed.name, parsed.criteria)
      root.ui.notify(
        `${existing ? 'Saved' : 'Created'} search folder ${f.name}: ${plural(f.count, 'update')}.`,
      )
      if (!existing) root.ui.selectNode(folderNodeId(f.id))
    })
    if (ok) props.onClose()
  }
  return (
    <PropertySheet
      title={existing ? `${existing.name} Search Folder Properties` : 'New Search Folder'}
      testId="search-folder-dialog"
      form={form}
      width={680}
      onOk={() => void save()}
      onCancel={props.onClose}
    >
      <Field label="Name" required validationMessage={form.fieldError('name')}>
        <Input value={name} onChange={(_, d) => setName(d.value)} autoFocus data-testid="folder-name" />
      </Field>
      <CriteriaFields draft={draft} onChange={setDraft} form={form} withRequired />
      <span className={styles.hint}>
        Counts follow scans and synchronizations live; an update matches when every criterion holds.
      </span>
    </PropertySheet>
  )
})
