import { Field, Input, Text } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { z } from 'zod'
import { isoTime } from '../../../../shared/dto/common'
import { fromLocalInput, plural, toLocalInput } from '../../lib/format'
import { useRoot } from '../../store-context'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'
import type { RemediationChoice } from './approvals-store'

const scheduleInput = z.object({ at: isoTime })

/** Schedule…: the time one deployment of exactly the chosen Approved recommendations (or Approved Updates) runs. */
export const ScheduleRemediationDialog = observer(function ScheduleRemediationDialog(props: {
  choice: RemediationChoice
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useFormStyles()
  const form = useForm()
  const [when, setWhen] = useState(() => toLocalInput(new Date(Date.now() + 60 * 60_000).toISOString()))
  const { choice } = props
  const what = choice.ids?.length
    ? plural(choice.ids.length, 'recommendation')
    : plural(choice.updateIds?.length ?? 0, 'update')
  const save = async () => {
    const at = fromLocalInput(when)
    const parsed = form.validate(scheduleInput, { at: at ?? '' }, { at: !at && 'Choose a date and time' })
    if (!parsed) return
    const ok = await form.submit(async () => {
      await root.approvals.remediate(choice, parsed.at)
    })
    if (ok) props.onClose()
  }
  return (
    <PropertySheet
      title="Schedule Remediation"
      testId="remediation-schedule-dialog"
      form={form}
      width={520}
      okLabel="Schedule"
      onOk={() => void save()}
      onCancel={props.onClose}
    >
      <Text>
        One deployment of {what}
        {choice.from === 'approvals'
          ? ', to every computer of the collection that still requires them,'
          : ' (Approved ones only), to exactly their computers,'}{' '}
        becomes available and due at this time; the computers install then, within their maintenance windows.
      </Text>
      <Field label="Run at" required validationMessage={form.fieldError('at')}>
        <Input
          type="datetime-local"
          value={when}
          onChange={(_, d) => setWhen(d.value)}
          aria-label="Run at"
          autoFocus
        />
      </Field>
      <span className={styles.hint}>
        The recommendations go Implemented as the scans after the installs arrive.
      </span>
    </PropertySheet>
  )
})
