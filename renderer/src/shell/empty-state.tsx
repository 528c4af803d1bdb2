import { makeStyles, Text, tokens } from '@fluentui/react-components'
import type { NodeIcon as NodeIconName } from './tree-model'
import { NodeIcon } from './node-icon'

const useStyles = makeStyles({
  box: {
    flexGrow: 1,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: '10px',
    padding: '32px',
    textAlign: 'center',
    background: tokens.colorNeutralBackground1,
  },
  icon: { fontSize: '56px', color: tokens.colorNeutralForeground4 },
  detail: { maxWidth: '520px', color: tokens.colorNeutralForeground3 },
})

/** An honest empty state: what the node will show and why it is empty now. */
export function EmptyState({ icon, title, detail }: { icon: NodeIconName; title: string; detail: string }) {
  const styles = useStyles()
  return (
    <div className={styles.box} data-testid="empty-state" role="note">
      <NodeIcon name={icon} className={styles.icon} fontSize={56} />
      <Text size={400} weight="semibold">
        {title}
      </Text>
      <Text className={styles.detail}>{detail}</Text>
    </div>
  )
}
