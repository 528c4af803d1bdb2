import { Button, makeStyles, Text, tokens } from '@fluentui/react-components'
import { DesktopRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import { useRoot } from '../store-context'

const useStyles = makeStyles({
  page: {
    height: '100%',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: '12px',
    background: tokens.colorNeutralBackground2,
  },
  icon: { fontSize: '48px', color: tokens.colorNeutralForeground3 },
})

/** Resource Explorer (/resource/:id) — reserved; inventory views arrive in a later issue. */
export const ResourceExplorer = observer(function ResourceExplorer({ resourceId }: { resourceId: number }) {
  const root = useRoot()
  const styles = useStyles()
  const resource = root.resources.byId.get(resourceId)
  return (
    <div className={styles.page} data-testid="resource-explorer">
      <DesktopRegular className={styles.icon} />
      <Text size={500} weight="semibold">
        Resource Explorer — {resource ? resource.name : `resource ${resourceId}`}
      </Text>
      <Text>Hardware and software inventory arrive with inventory scans — nothing to show yet.</Text>
      <Button as="a" href="/">
        Back to the console
      </Button>
    </div>
  )
})
