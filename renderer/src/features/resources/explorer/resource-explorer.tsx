import { Badge, Button, makeStyles, mergeClasses, Spinner, tokens } from '@fluentui/react-components'
import {
  AppsRegular,
  ArrowDownloadRegular,
  ArrowLeftRegular,
  ArrowSyncRegular,
  BeakerRegular,
  DesktopPulseRegular,
  DesktopRegular,
  HardDriveRegular,
  HistoryRegular,
  ServerRegular,
  ShieldCheckmarkRegular,
} from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import type { ReactNode } from 'react'
import { platformLabel } from '../../../lib/format'
import { useRoot } from '../../../store-context'
import { startJob } from '../../client-jobs/client-commands'
import type { ExplorerNode, ExplorerStore } from '../explorer-store'
import { scanStateText } from '../../../shell/views'
import { EmptyState } from '../../../shell/empty-state'
import { HardwareDisks, HardwareGeneral, HardwareNetwork } from './hardware-views'
import { ClientUpdatesView, HistoryView, SoftwareView } from './inventory-views'
import { packageListsText } from '../package-lists-text'
import { restartPendingText, servicesText } from '../restart-text'

const useStyles = makeStyles({
  page: {
    height: '100%',
    display: 'grid',
    gridTemplateRows: 'auto minmax(0, 1fr)',
    background: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase200,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: '10px',
    padding: '6px 10px',
    background: tokens.colorNeutralBackground2,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  sub: { color: tokens.colorNeutralForeground3 },
  spacer: { flexGrow: 1 },
  body: {
    display: 'grid',
    gridTemplateColumns: '230px minmax(0, 1fr)',
    gap: '4px',
    padding: '4px',
    minHeight: 0,
  },
  tree: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
    padding: '4px 0',
    overflow: 'auto',
    margin: 0,
    listStyle: 'none',
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: '6px',
    height: '24px',
    cursor: 'default',
    userSelect: 'none',
    ':hover': { background: tokens.colorSubtleBackgroundHover },
  },
  itemSelected: {
    background: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { background: tokens.colorBrandBackgroundHover },
  },
  content: { display: 'flex', flexDirection: 'column', gap: '6px', minHeight: 0, minWidth: 0 },
  contentHead: {
    padding: '4px 8px',
    background: tokens.colorNeutralBackground2,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase300,
  },
  view: { display: 'flex', flexDirection: 'column', minHeight: 0, flexGrow: 1 },
  empty: { display: 'flex', flexGrow: 1, border: `1px solid ${tokens.colorNeutralStroke2}` },
})

const nodes: { id: ExplorerNode; label: string; depth: number; icon: ReactNode }[] = [
  { id: 'hardware', label: 'Hardware', depth: 0, icon: <DesktopRegular /> },
  { id: 'hardware:general', label: 'General', depth: 1, icon: <ServerRegular /> },
  { id: 'hardware:disks', label: 'Disks', depth: 1, icon: <HardDriveRegular /> },
  { id: 'hardware:network', label: 'Network', depth: 1, icon: <DesktopPulseRegular /> },
  { id: 'software', label: 'Software', depth: 0, icon: <AppsRegular /> },
  { id: 'updates', label: 'Software Updates', depth: 0, icon: <ShieldCheckmarkRegular /> },
  { id: 'history', label: 'History', depth: 0, icon: <HistoryRegular /> },
]

/** Resource Explorer: one client's hardware, software, software updates and inventory history. */
export const ResourceExplorer = observer(function ResourceExplorer({
  explorer,
  onClose,
  closeLabel,
}: {
  explorer: ExplorerStore
  onClose?: () => void
  closeLabel?: string
}) {
  const root = useRoot()
  const styles = useStyles()
  const r = explorer.resource
  const targets = { resourceIds: [explorer.resourceId] }
  const label = nodes.find((n) => n.id === explorer.node)!.label
  return (
    <div className={styles.page} data-testid="resource-explorer">
      <div className={styles.header}>
        {onClose && (
          <Button appearance="subtle" size="small" icon={<ArrowLeftRegular />} onClick={onClose}>
            {closeLabel ?? 'Back to the console'}
          </Button>
        )}
        <DesktopRegular fontSize={20} />
        <span className={styles.title} data-testid="explorer-title">
          Resource Explorer — {r ? r.name : `resource ${explorer.resourceId}`}
        </span>
        {r && (
          <span className={styles.sub}>
            {r.address}
            {r.port !== 22 ? `:${r.port}` : ''} · {platformLabel(r.platform)}
            {r.osName ? ` · ${r.osName}` : ''} · {scanStateText(r)}
          </span>
        )}
        {r && packageListsText(r) && (
          <span className={styles.sub} data-testid="explorer-package-lists">
            {packageListsText(r)}
          </span>
        )}
        {r && restartPendingText(r) && (
          <span className={styles.sub} data-testid="explorer-restart-pending">
            {restartPendingText(r)}
          </span>
        )}
        {r && servicesText(r) && (
          <span className={styles.sub} data-testid="explorer-services-to-restart">
            {servicesText(r)}
          </span>
        )}
        {r?.simulated && (
          <Badge appearance="tint" color="informative" icon={<BeakerRegular />}>
            Simulated (lab fleet)
          </Badge>
        )}
        <span className={styles.spacer} />
        <Button
          size="small"
          icon={<ArrowSyncRegular />}
          onClick={() => startJob(root, { kind: 'scan', force: true }, targets)}
          data-testid="explorer-rescan"
        >
          Rescan
        </Button>
        <Button
          size="small"
          icon={<ArrowDownloadRegular />}
          onClick={() => startJob(root, { kind: 'inventory' }, targets)}
          data-testid="explorer-refresh-inventory"
        >
          Refresh Inventory
        </Button>
      </div>
      <div className={styles.body}>
        <ul className={styles.tree} role="tree" aria-label="Resource Explorer">
          {nodes.map((n) => (
            <li
              key={n.id}
              role="treeitem"
              aria-selected={explorer.node === n.id}
              aria-level={n.depth + 1}
              className={mergeClasses(styles.item, explorer.node === n.id && styles.itemSelected)}
              style={{ paddingLeft: 8 + n.depth * 18 }}
              onClick={() => explorer.select(n.id)}
              data-testid={`explorer-node-${n.id}`}
            >
              {n.icon}
              {n.label}
            </li>
          ))}
        </ul>
        <section className={styles.content} aria-label={label}>
          <div className={styles.contentHead}>{label}</div>
          <div className={styles.view}>
            <ExplorerContent explorer={explorer} />
          </div>
        </section>
      </div>
    </div>
  )
})

const ExplorerContent = observer(function ExplorerContent({ explorer }: { explorer: ExplorerStore }) {
  const styles = useStyles()
  if (!explorer.loaded) return <Spinner size="small" label="Loading inventory…" />
  if (explorer.error)
    return (
      <div className={styles.empty}>
        <EmptyState icon="clients" title="Cannot load this client’s inventory" detail={explorer.error} />
      </div>
    )
  const empty = (title: string, detail: string) => (
    <div className={styles.empty}>
      <EmptyState icon="clients" title={title} detail={detail} />
    </div>
  )
  const node = explorer.node
  if (node.startsWith('hardware')) {
    if (!explorer.hardware)
      return empty(
        'No hardware inventory yet — Refresh Inventory collects it',
        'Refresh Inventory connects to the client and reads its OS, processor, memory, disks and network, then scans it for updates.',
      )
    if (node === 'hardware:disks') return <HardwareDisks explorer={explorer} />
    if (node === 'hardware:network') return <HardwareNetwork explorer={explorer} />
    return <HardwareGeneral explorer={explorer} />
  }
  if (node === 'software') {
    if (!explorer.inventory?.software.length)
      return empty(
        'No software inventory yet — Refresh Inventory or Rescan collects it',
        'Installed packages (dpkg, rpm) and Windows hotfixes are read during each scan of the client.',
      )
    return <SoftwareView explorer={explorer} />
  }
  if (node === 'updates') {
    if (!explorer.updates.length)
      return empty(
        explorer.resource?.lastScanAt
          ? 'This client reported no software update'
          : 'Not scanned yet — Rescan scans this client for software updates',
        'A scan lists every update that applies to the client, with its state: required, installed or not required.',
      )
    return <ClientUpdatesView explorer={explorer} />
  }
  return <HistoryView explorer={explorer} />
})
