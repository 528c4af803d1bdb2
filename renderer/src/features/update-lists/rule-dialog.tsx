import { Checkbox, Field, Input, Select } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { updateRuleInput } from '../../../../shared/dto/update-list'
import { useRoot } from '../../store-context'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'
import { CriteriaFields, criteriaDraft, criteriaOf } from './criteria-fields'

/** New Automatic Rule / a rule's Properties: criteria and target list; matching updates are added on every sync. */
export const RuleDialog = observer(function RuleDialog(props: {
  id?: number
  listId?: string
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useFormStyles()
  const store = root.updateLists
  useEffect(() => store.ensureLoaded(), [store])
  const existing = props.id !== undefined ? store.rules.find((r) => r.id === props.id) : undefined
  const form = useForm()
  const [name, setName] = useState(existing?.name ?? '')
  const [listId, setListId] = useState(existing?.listId ?? props.listId ?? '')
  const [enabled, setEnabled] = useState(existing?.enabled ?? true)
  const [runNow, setRunNow] = useState(true)
  const [draft, setDraft] = useState(() => criteriaDraft(existing?.criteria))
  const save = async () => {
    const { criteria, errors } = criteriaOf(draft)
    const parsed = form.validate(
      updateRuleInput,
      { name, listId, criteria, enabled },
      {
        ...errors,
        listId: !listId && 'Choose the update list the rule adds to',
      },
    )
    if (!parsed) return
    const ok = await form.submit(async () => {
      const rule = existing
        ? await store.updateRule({ id: existing.id, ...parsed })
        : await store.createRule(parsed)
      if (runNow && rule.enabled) await store.runRule(rule.id)
      else root.ui.notify(`${existing ? 'Saved' : 'Created'} automatic rule ${rule.name}.`)
    })
    if (ok) props.onClose()
  }
  return (
    <PropertySheet
      title={existing ? `${existing.name} Automatic Rule Properties` : 'New Automatic Rule'}
      testId="rule-dialog"
      form={form}
      width={680}
      onOk={() => void save()}
      onCancel={props.onClose}
    >
      <div className={styles.row}>
        <Field label="Name" required validationMessage={form.fieldError('name')}>
          <Input value={name} onChange={(_, d) => setName(d.value)} autoFocus data-testid="rule-name" />
        </Field>
        <Field label="Add matching updates to" required validationMessage={form.fieldError('listId')}>
          <Select value={listId} onChange={(_, d) => setListId(d.value)} aria-label="Target update list">
            <option value="">(choose a list)</option>
            {store.lists.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({l.id})
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <CriteriaFields draft={draft} onChange={setDraft} form={form} />
      <div className={styles.inline}>
        <Checkbox
          checked={enabled}
          onChange={(_, d) => setEnabled(!!d.checked)}
          label="Enabled (runs on every sync)"
        />
        <Checkbox
          checked={runNow}
          onChange={(_, d) => setRunNow(!!d.checked)}
          label="Run rule now after saving"
        />
      </div>
    </PropertySheet>
  )
})
