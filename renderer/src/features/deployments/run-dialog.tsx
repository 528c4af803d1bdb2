import { Checkbox, Field, Input } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { deploymentRunInput } from '../../../../shared/dto/deployment'
import { plural } from '../../lib/format'
import { useRoot } from '../../store-context'
import { PropertySheet } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'

/** Run Now: an update run with its name, duration limit and the computers it runs on. */
export const RunDialog = observer(function RunDialog(props: { deploymentId: string; onClose: () => void }) {
  const root = useRoot()
  const form = useForm()
  const store = root.deployments
  const d = store.items.find((x) => x.id === props.deploymentId)
  const clients = store.statuses.get(props.deploymentId)?.clients ?? []
  const [runName, setRunName] = useState(
    `${d?.name ?? props.deploymentId} — ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
  )
  const [duration, setDuration] = useState('')
  const [chosen, setChosen] = useState<Set<number>>(() => new Set(clients.map((c) => c.resourceId)))
  const all = clients.length > 0 && chosen.size === clients.length

  const save = async () => {
    const mins = duration.trim()
    const minutes = mins === '' ? null : /^\d+$/.test(mins) ? Number(mins) : NaN
    const input = {
      id: props.deploymentId,
      start: true,
      runName,
      durationMinutes: Number.isNaN(minutes) ? undefined : minutes,
      ...(all ? {} : { resourceIds: [...chosen] }),
    }
    const parsed = form.validate(deploymentRunInput, input, {
      runName: !runName.trim() && 'Give the run a name (its logs are searchable by it)',
      durationMinutes:
        (Number.isNaN(minutes) || (minutes !== null && (minutes < 1 || minutes > 10_080))) &&
        'Duration limit must be whole minutes from 1 to 10080, or empty for none',
      resourceIds: chosen.size === 0 && 'Choose at least one computer',
    })
    if (!parsed) return
    const ok = await form.submit(() => store.runWith(parsed))
    if (ok) props.onClose()
  }

  return (
    <PropertySheet
      title={`Run Now — ${d?.name ?? props.deploymentId}`}
      testId="run-dialog"
      form={form}
      width={560}
      okLabel="Run"
      onOk={() => void save()}
      onCancel={props.onClose}
    >
      <Field
        label="Run name"
        required
        hint="The run's logs are searchable by this name (Run Logs)"
        validationMessage={form.fieldError('runName')}
      >
        <Input value={runName} onChange={(_, v) => setRunName(v.value)} data-testid="run-name" />
      </Field>
      <Field
        label="Duration limit (minutes)"
        hint="Computers not started by then are not started; empty = no limit"
        validationMessage={form.fieldError('durationMinutes')}
      >
        <Input
          value={duration}
          onChange={(_, v) => setDuration(v.value)}
          style={{ maxWidth: 160 }}
          data-testid="run-duration"
        />
      </Field>
      <Field
        label={`Computers (${chosen.size} of ${plural(clients.length, 'member')} of ${d?.collectionName ?? 'the collection'})`}
        validationMessage={form.fieldError('resourceIds')}
      >
        <Checkbox
          checked={all ? true : chosen.size === 0 ? false : 'mixed'}
          onChange={() => setChosen(all ? new Set() : new Set(clients.map((c) => c.resourceId)))}
          label="All computers of the collection"
          data-testid="run-all"
        />
        <div
          style={{ maxHeight: 180, overflow: 'auto', display: 'grid', gridTemplateColumns: '1fr 1fr' }}
          data-testid="run-computers"
        >
          {clients.map((c) => (
            <Checkbox
              key={c.resourceId}
              checked={chosen.has(c.resourceId)}
              label={c.name}
              onChange={(_, v) => {
                const next = new Set(chosen)
                if (v.checked) next.add(c.resourceId)
                else next.delete(c.resourceId)
                setChosen(next)
              }}
            />
          ))}
        </div>
      </Field>
    </PropertySheet>
  )
})
