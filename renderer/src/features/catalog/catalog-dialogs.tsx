import { observer } from 'mobx-react-lite'
import { useRoot } from '../../store-context'
import { ApproveDialog, ComplianceSettingsDialog } from '../compliance/approval-dialogs'
import { ScheduleRemediationDialog } from '../compliance/remediation-dialog'
import { SearchFolderDialog } from '../update-lists/search-folder-dialog'
import { TemplateDialog } from '../deployments/template-dialog'
import { ListAddDialog, ListCreateDialog, ListPropertiesDialog } from '../update-lists/list-dialogs'
import { RuleDialog } from '../update-lists/rule-dialog'
import { AddSourceDialog, ImportCatalogDialog, ScheduleDialog, SyncDialog } from './source-dialogs'

/** Renders the open catalog, approval, update list, search folder and template dialogs. */
export const CatalogDialogs = observer(function CatalogDialogs() {
  const root = useRoot()
  const store = root.catalogDialogs
  return (
    <>
      {store.dialogs.map((d) => {
        const close = () => store.close(d.key)
        switch (d.kind) {
          case 'source-add':
            return <AddSourceDialog key={d.key} onClose={close} />
          case 'source-schedule':
            return <ScheduleDialog key={d.key} name={d.name} onClose={close} />
          case 'catalog-import':
            return <ImportCatalogDialog key={d.key} onClose={close} />
          case 'sync':
            return <SyncDialog key={d.key} sourceName={d.sourceName} onClose={close} />
          case 'approve':
            return (
              <ApproveDialog
                key={d.key}
                action={d.action}
                updateIds={d.updateIds}
                collectionId={d.collectionId}
                onClose={close}
              />
            )
          case 'compliance-settings':
            return <ComplianceSettingsDialog key={d.key} collectionId={d.collectionId} onClose={close} />
          case 'list-create':
            return <ListCreateDialog key={d.key} updateIds={d.updateIds} onClose={close} />
          case 'list-add':
            return <ListAddDialog key={d.key} updateIds={d.updateIds} onClose={close} />
          case 'list-properties':
            return <ListPropertiesDialog key={d.key} id={d.id} tab={d.tab} onClose={close} />
          case 'rule':
            return <RuleDialog key={d.key} id={d.id} listId={d.listId} onClose={close} />
          case 'search-folder':
            return <SearchFolderDialog key={d.key} id={d.id} onClose={close} />
          case 'template':
            return <TemplateDialog key={d.key} id={d.id} onClose={close} />
          case 'remediate':
            return <ScheduleRemediationDialog key={d.key} choice={d.choice} onClose={close} />
          default:
            return null
        }
      })}
    </>
  )
})
