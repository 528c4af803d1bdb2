import { Button, Field, Input, MessageBar, MessageBarBody, Spinner, Text } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { Fragment } from 'react'
import { postponeRestartLabels, inventoryPrograms } from '../../../../shared/dto/wizard'
import { capitalize, formatBytes, plural } from '../../lib/format'
import { formatNodeId } from '../../shell/node-id'
import { useRoot } from '../../store-context'
import type { WizardStore } from './wizard-store'
import { TaskProgress } from '../tasks/task-progress'
import { usePageStyles } from './wizard-pages'

/** Offline Bundle: the bundle file and the signing key. */
export const BundlePage = observer(function BundlePage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  return (
    <div className={s.form}>
      <Field label="Package name in the bundle">
        <Input value={w.name} onChange={(_, d) => w.set('name', d.value)} placeholder="Security updates" />
      </Field>
      <Field
        label="Bundle file"
        required
        hint="The signed bundle the air-gapped site imports (Deployment Packages › Import Bundle)."
      >
        <Input
          value={w.bundleOut}
          onChange={(_, d) => w.set('bundleOut', d.value)}
          placeholder="/media/usb/security-updates.pbundle"
        />
      </Field>
      <Field label="Signing key (private key file)" required hint="Create one with: patchbay keys create DIR">
        <Input
          value={w.signingKey}
          onChange={(_, d) => w.set('signingKey', d.value)}
          placeholder="/home/admin/.patchbay/bundle.key"
        />
      </Field>
    </div>
  )
})

/** Summary: everything the wizard is about to do. */
export const SummaryPage = observer(function SummaryPage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  const st = w.settings
  const size = w.selectedUpdates.reduce((n, c) => n + c.size, 0)
  const rows: Array<[string, string]> =
    w.mode === 'offline'
      ? [
          ['Build', 'An offline bundle from a catalog snapshot'],
          ['Catalog snapshot', w.snapshot],
          ['Update type', w.type?.label ?? w.updateType],
          ['Updates', `${plural(w.selected.size, 'update')} (${formatBytes(size)})`],
          ['Bundle file', w.bundleOut],
          ['Signing key', w.signingKey],
        ]
      : [
          [
            'Package',
            w.existing ? `Change ${w.existing.name} (${w.existing.packageId})` : `New package “${w.name}”`,
          ],
          ['Program', w.programName],
          ['Publisher', w.publisher || '—'],
          ['Update type', w.type?.label ?? w.updateType],
          [
            'Updates',
            w.existing
              ? `${plural(w.selected.size, 'update')}: ${w.addedUpdates.length} added, ${w.removedUpdates.length} removed`
              : `${plural(w.selected.size, 'update')} (${formatBytes(size)})`,
          ],
          [
            'Inventory scan',
            inventoryPrograms[w.platform].find((p) => p.id === w.inventoryProgram)?.label ??
              w.inventoryProgram,
          ],
          ['Source folder', w.sourcePath],
          ['Sending priority', capitalize(w.sendingPriority)],
          [
            'Distribution points',
            w.selectedPoints.size
              ? w.points
                  .filter((p) => w.selectedPoints.has(p.id))
                  .map((p) => p.name)
                  .join(', ')
              : 'None (distribute later)',
          ],
          ['Deployment template', w.templateSummary],
          ['Scan after the program', st.inventoryAfterInstall ? 'Yes' : 'No'],
          ['Postpone restarts on', postponeRestartLabels[st.postponeRestarts]],
          [
            'Restart',
            st.countdownMinutes
              ? `${plural(st.countdownMinutes, 'minute')} after the program, when the updates need it`
              : 'At once after the program, when the updates need it',
          ],
          ['User notification', st.notifyUsers ? 'Notify logged-in users before a restart' : 'No notice'],
          ['Advertisement', 'None — advertise the package when you are ready'],
        ]
  return (
    <>
      {w.finishError && (
        <MessageBar intent="error">
          <MessageBarBody data-testid="wizard-finish-error">
            Nothing was created: {w.finishError}
          </MessageBarBody>
        </MessageBar>
      )}
      <dl className={s.dl} data-testid="wizard-summary">
        {rows.map(([k, v]) => (
          <Fragment key={k}>
            <dt className={s.dt}>{k}</dt>
            <dd className={s.dd}>{v}</dd>
          </Fragment>
        ))}
      </dl>
    </>
  )
})

/** Progress: Finish running (or the bundle build). */
export const ProgressPage = observer(function ProgressPage({ w }: { w: WizardStore }) {
  if (w.bundleTaskId) return <TaskProgress taskId={w.bundleTaskId} listHeight={360} itemNoun="file" />
  return <Spinner label="Creating the package, its program, update list and files…" labelPosition="below" />
})

/** Completion: what was made, where to find it. */
export const DonePage = observer(function DonePage({ w }: { w: WizardStore }) {
  const s = usePageStyles()
  const root = useRoot()
  if (w.mode === 'offline')
    return (
      <div className={s.form}>
        <Text data-testid="wizard-done">The signed bundle was written to {w.bundleOut}.</Text>
        <Text className={s.note}>
          Carry it to the air-gapped site and import it under Deployment Packages.
        </Text>
      </div>
    )
  const r = w.result
  if (!r) return null
  const go = (node: string) => {
    root.ui.selectNode(node)
    w.close()
  }
  return (
    <div className={s.form}>
      <Text data-testid="wizard-done">
        {r.created ? 'Created' : 'Changed'} package {r.packageId} “{w.name}” with program “
        {r.programNames.join('”, “')}”, {plural(r.files, 'file')} and update list {r.updateListId ?? '—'}
        {r.created ? '' : ` (${r.added} updates added, ${r.removed} removed)`}.
      </Text>
      {r.distribution ? (
        <TaskProgress taskId={r.distribution.taskId} listHeight={160} itemNoun="distribution point" />
      ) : (
        <Text className={s.note}>
          No distribution point was chosen; distribute the package when you are ready.
        </Text>
      )}
      <Text className={s.note}>
        No advertisement was created. Advertise the program to a collection to install the updates.
      </Text>
      <div className={s.actions}>
        <Button onClick={() => go(formatNodeId({ kind: 'package', id: r.packageId }))}>
          Show in Packages
        </Button>
        <Button onClick={() => go(formatNodeId({ kind: 'deployment-package', id: r.packageId }))}>
          Show in Deployment Packages
        </Button>
      </div>
    </div>
  )
})
