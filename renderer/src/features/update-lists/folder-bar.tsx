import { Button, makeStyles, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { plural } from '../../lib/format'
import { useRoot } from '../../store-context'
import { criteriaText } from './criteria-text'

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: '10px',
    padding: '4px 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
  },
  count: { fontWeight: tokens.fontWeightSemibold },
  criteria: {
    color: tokens.colorNeutralForeground3,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
})

/** A search folder's bar: its live count, its criteria, and Edit. */
export const FolderBar = observer(function FolderBar({ folderId }: { folderId: number }) {
  const root = useRoot()
  const styles = useStyles()
  const folder = root.searchFolders.byId.get(folderId)
  if (!folder) return null
  return (
    <div className={styles.bar} data-testid="folder-bar">
      <span className={styles.count} data-testid="folder-count">
        {plural(folder.count, 'update')}
      </span>
      <span className={styles.criteria} title={criteriaText(folder.criteria)}>
        {criteriaText(folder.criteria)}
      </span>
      <Button
        size="small"
        style={{ marginLeft: 'auto', flexShrink: 0 }}
        onClick={() => root.catalogDialogs.open({ kind: 'search-folder', id: folder.id })}
      >
        Edit Criteria…
      </Button>
    </div>
  )
})
