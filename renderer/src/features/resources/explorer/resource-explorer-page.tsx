import { observer } from 'mobx-react-lite'
import { useEffect } from 'react'
import { useRoot } from '../../../store-context'
import { ConfirmDialog } from '../../../shell/confirm-dialog'
import { DialogHost } from '../../../shell/dialog-host'
import { ResourceExplorer } from './resource-explorer'

/** Resource Explorer as its own window (/resource/:id), with its own job and confirmation dialogs. */
export const ResourceExplorerPage = observer(function ResourceExplorerPage({
  resourceId,
}: {
  resourceId: number
}) {
  const root = useRoot()
  useEffect(() => {
    root.openExplorer(resourceId)
    return () => void root.openExplorer(null)
  }, [root, resourceId])
  useEffect(() => {
    const name = root.explorer?.resource?.name
    document.title = name ? `Resource Explorer — ${name}` : 'Resource Explorer'
  })
  const explorer = root.explorer
  if (!explorer || explorer.resourceId !== resourceId) return null
  return (
    <>
      <ResourceExplorer
        explorer={explorer}
        closeLabel="Console"
        onClose={() => {
          window.location.href = '/'
        }}
      />
      <DialogHost />
      <ConfirmDialog />
    </>
  )
})
