import { observer } from 'mobx-react-lite'
import { useRoot } from '../store-context'
import { AdvertisementDialog } from '../features/advertisements/advertisement-dialog'
import { CollectionDialog } from '../features/collections/collection-dialog'
import { AddResourcesDialog, AddToCollectionDialog } from '../features/collections/membership-dialogs'
import { PackageDialog } from '../features/packages/package-dialog'
import { ProgramDialog } from '../features/packages/program-dialog'
import { ResourceDialog } from '../features/resources/resource-dialog'
import { HostKeyDialog } from '../features/client-jobs/host-key-dialog'
import { JobProgressDialog } from '../features/client-jobs/job-progress-dialog'
import { RunCommandDialog } from '../features/client-jobs/run-command-dialog'
import { WizardDialog } from '../features/wizard/wizard-dialog'
import { DistributionDialogs } from '../features/distribution/distribution-dialogs'
import { BundleDialogs } from '../features/bundles/bundle-dialogs'
import { CatalogDialogs } from '../features/catalog/catalog-dialogs'
import { DeploymentDialogs } from '../features/deployments/deployment-dialog'
import { AdvertisementStatusDialog } from '../features/advertisements/advertisement-status-dialog'
import { ClientImportDialog } from '../features/resources/client-import-dialog'
import { LabDialog } from '../features/lab/lab-dialog'
import { WebhooksDialog } from '../features/deployments/webhooks-dialog'

/** Renders the stack of open dialogs from the UI store. */
export const DialogHost = observer(function DialogHost() {
  const root = useRoot()
  const { ui } = root
  return (
    <>
      <WizardDialog />
      <DistributionDialogs />
      <CatalogDialogs />
      <DeploymentDialogs />
      <AdvertisementStatusDialog />
      <BundleDialogs />
      <ClientImportDialog />
      <LabDialog />
      <WebhooksDialog />
      {ui.dialogs.map((d) => {
        const close = () => ui.closeDialog(d.key)
        switch (d.kind) {
          case 'collection':
            return (
              <CollectionDialog
                key={d.key}
                request={d}
                onClose={close}
                onSaved={(id) => ui.updateDialog(d.key, { ...d, id })}
              />
            )
          case 'resource':
            return <ResourceDialog key={d.key} id={d.id} initialTab={d.tab} onClose={close} />
          case 'package':
            return (
              <PackageDialog
                key={d.key}
                request={d}
                onClose={close}
                onSaved={(id) => ui.updateDialog(d.key, { ...d, id, tab: 'programs' })}
              />
            )
          case 'program':
            return <ProgramDialog key={d.key} packageId={d.packageId} name={d.name} onClose={close} />
          case 'advertisement':
            return <AdvertisementDialog key={d.key} request={d} onClose={close} />
          case 'add-resources':
            return <AddResourcesDialog key={d.key} collectionId={d.collectionId} onClose={close} />
          case 'add-to-collection':
            return <AddToCollectionDialog key={d.key} resourceIds={d.resourceIds} onClose={close} />
          case 'job':
            return <JobProgressDialog key={d.key} jobId={d.jobId} onClose={close} />
          case 'host-key':
            return <HostKeyDialog key={d.key} jobId={d.jobId} resourceIds={d.resourceIds} onClose={close} />
          case 'run-command':
            return <RunCommandDialog key={d.key} targets={d.targets} label={d.label} onClose={close} />
          default:
            return null
        }
      })}
    </>
  )
})
