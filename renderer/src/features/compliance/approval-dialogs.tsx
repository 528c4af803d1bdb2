import { Checkbox, Field, Select, Text } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { approvalInput, complianceSettingsInput } from '../../../../shared/dto/approvals'
import { formatTime, plural } from '../../lib/format'
import { useRoot } from '../../store-context'
import { PropertySheet, useFormStyles } from '../../shell/dialogs/property-sheet'
import { useForm } from '../../shell/dialogs/use-form'

/** Approve for Collection… / Decline…: only approved updates are reported missing by a compliance check. */
export const ApproveDialog = observer(function ApproveDialog(props: {
  action: 'approve' | 'decline'
  updateIds: string[]
  collectionId?: string
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useFormStyles()
  const form = useForm()
  const approvals = root.approvals
  const collections = [...root.collections.items].sort((a, b) => a.name.localeCompare(b.name))
  const [collectionId, setCollectionId] = useState(props.collectionId ?? approvals.collection?.id ?? '')
  const titles = new Map(root.updates.items.map((u) => [u.id, u.title]))
  const approve = props.action === 'approve'
  const save = async () => {
    const parsed = form.validate(
      approvalInput,
      { collectionId, updateIds: props.updateIds },
      {
        collectionId: !collectionId && 'Choose a collection',
      },
    )
    if (!parsed) return
    const ok = await form.submit(async () => {
      const changed = await (approve ? approvals.approve : approvals.decline)(
        parsed.collectionId,
        parsed.updateIds,
      )
      const name = root.collections.byId.get(parsed.collectionId)?.name ?? parsed.collectionId
      root.ui.notify(`${approve ? 'Approved' : 'Declined'} ${plural(changed, 'update')} for ${name}.`)
    })
    if (ok) props.onClose()
  }
  return (
    <PropertySheet
      title={approve ? 'Approve Updates for a Collection' : 'Decline Updates for a Collection'}
      testId="approve-dialog"
      form={form}
      width={600}
      okLabel={approve ? 'Approve' : 'Decline'}
      onOk={() => void save()}
      onCancel={props.onClose}
    >
      <Field label="Collection" required validationMessage={form.fieldError('collectionId')}>
        <Select value={collectionId} onChange={(_, d) => setCollectionId(d.value)} aria-label="Collection">
          <option value="">(choose a collection)</option>
          {collections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.id}) — {plural(c.memberCount, 'member')}
            </option>
          ))}
        </Select>
      </Field>
      <Text weight="semibold">{plural(props.updateIds.length, 'update')}</Text>
      <ul
        style={{ margin: 0, paddingLeft: 18, maxHeight: 180, overflow: 'auto' }}
        data-testid="approve-updates"
      >
        {props.updateIds.map((id) => (
          <li key={id}>{titles.get(id) ?? id}</li>
        ))}
      </ul>
      {form.fieldError('updateIds') && <Text className={styles.hint}>{form.fieldError('updateIds')}</Text>}
      <span className={styles.hint}>
        {approve
          ? 'A compliance check (Check, or Run Scan and Check) reports as missing only approved updates, and opens a recommendation per client and update.'
          : 'Declined updates are no longer reported missing; their open recommendations close.'}
      </span>
    </PropertySheet>
  )
})

/** Compliance Settings of a collection: Enable automatic approval. */
export const ComplianceSettingsDialog = observer(function ComplianceSettingsDialog(props: {
  collectionId: string
  onClose: () => void
}) {
  const root = useRoot()
  const styles = useFormStyles()
  const form = useForm()
  const approvals = root.approvals
  const c = root.collections.byId.get(props.collectionId)
  const [loaded, setLoaded] = useState<{ autoApprove: boolean; lastCheckAt: string | null } | null>(null)
  const [auto, setAuto] = useState(false)
  useEffect(() => {
    void root.transport.invoke('approvals:settings-get', { collectionId: props.collectionId }).then((s) => {
      setLoaded(s)
      setAuto(s.autoApprove)
    }, root.ui.reportError)
  }, [root, props.collectionId])
  const save = async () => {
    const parsed = form.validate(complianceSettingsInput, {
      collectionId: props.collectionId,
      autoApprove: auto,
    })
    if (!parsed) return
    const ok = await form.submit(async () => {
      await approvals.setAutoApprove(parsed.collectionId, parsed.autoApprove)
      root.ui.notify(
        `Automatic approval ${parsed.autoApprove ? 'enabled' : 'disabled'} for ${c?.name ?? parsed.collectionId}.`,
      )
    })
    if (ok) props.onClose()
  }
  return (
    <PropertySheet
      title={`${c?.name ?? props.collectionId} Compliance Settings`}
      testId="compliance-settings-dialog"
      form={form}
      width={560}
      onOk={() => void save()}
      onCancel={props.onClose}
    >
      <Checkbox
        checked={auto}
        disabled={loaded === null}
        onChange={(_, d) => setAuto(!!d.checked)}
        label="Enable automatic approval"
        data-testid="auto-approve"
      />
      <span className={styles.hint}>
        Every update a check finds required is approved, and every recommendation it generates is created in
        the Approved state.
      </span>
      <span className={styles.hint}>Last check: {formatTime(loaded?.lastCheckAt) || 'never'}</span>
    </PropertySheet>
  )
})
