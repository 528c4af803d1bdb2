import { makeStyles, ProgressBar, tokens } from '@fluentui/react-components'
import { observer } from 'mobx-react-lite'
import { formatBytes, formatTime } from '../../../lib/format'
import type { ExplorerStore, HardwareFacts } from '../explorer-store'
import { ExplorerTable } from './explorer-table'

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: '180px minmax(0, 1fr)',
    columnGap: '16px',
    rowGap: '5px',
    padding: '12px 14px',
    margin: 0,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    background: tokens.colorNeutralBackground1,
    alignContent: 'start',
    overflow: 'auto',
  },
  label: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  section: {
    gridColumn: '1 / -1',
    fontWeight: tokens.fontWeightSemibold,
    marginTop: '8px',
    paddingBottom: '2px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  first: { marginTop: 0 },
  used: { display: 'flex', alignItems: 'center', gap: '6px', width: '100%' },
  bar: { flexGrow: 1 },
})

function uptime(lastBoot: string | undefined): string {
  if (!lastBoot) return ''
  const ms = Date.now() - Date.parse(lastBoot)
  if (!(ms > 0)) return formatTime(lastBoot)
  const days = Math.floor(ms / 86_400_000)
  const hours = Math.floor((ms % 86_400_000) / 3_600_000)
  return `${formatTime(lastBoot)} (up ${days ? `${days} d ` : ''}${hours} h)`
}

/** Hardware › General: OS, CPU, memory, last boot, manufacturer and model. */
export const HardwareGeneral = observer(function HardwareGeneral({ explorer }: { explorer: ExplorerStore }) {
  const styles = useStyles()
  const hw = explorer.hardware as HardwareFacts
  const r = explorer.resource
  const sections: [string, [string, string | undefined][]][] = [
    [
      'Operating system',
      [
        ['Host name', hw.hostname],
        [
          'Operating system',
          hw.osName && hw.osVersion && hw.osName.includes(hw.osVersion)
            ? hw.osName
            : [hw.osName, hw.osVersion].filter(Boolean).join(' '),
        ],
        ['Kernel / build', hw.kernel],
        ['Architecture', hw.architecture],
        ['Last boot', uptime(hw.lastBoot)],
        ['Agent version', r?.agentVersion],
        ['Reboot pending', r ? (r.rebootPending ? 'Yes' : 'No') : undefined],
      ],
    ],
    [
      'Processor and memory',
      [
        ['Processor', hw.cpu?.model],
        [
          'Cores',
          hw.cpu
            ? `${hw.cpu.cores ?? '?'} cores, ${hw.cpu.logicalProcessors ?? '?'} logical processors`
            : undefined,
        ],
        ['Memory', hw.memoryBytes ? formatBytes(hw.memoryBytes) : undefined],
      ],
    ],
    [
      'System',
      [
        ['Manufacturer', hw.manufacturer],
        ['Model', hw.model],
        ['Serial number', hw.serial],
        [
          'Virtualization',
          hw.virtualization ?? (hw.virtual ? 'Virtual machine' : hw.virtual === false ? 'Physical' : ''),
        ],
        ['Inventory collected', formatTime(explorer.inventory?.hardwareCollectedAt)],
      ],
    ],
  ]
  return (
    <dl className={styles.grid} data-testid="hardware-general">
      {sections.map(([title, pairs], i) => (
        <div key={title} style={{ display: 'contents' }}>
          <div className={i === 0 ? `${styles.section} ${styles.first}` : styles.section}>{title}</div>
          {pairs.map(([k, v]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt className={styles.label}>{k}</dt>
              <dd className={styles.value}>{v || '—'}</dd>
            </div>
          ))}
        </div>
      ))}
    </dl>
  )
})

type Disk = NonNullable<HardwareFacts['disks']>[number]
type Nic = NonNullable<HardwareFacts['network']>[number]

/** Hardware › Disks: mount or drive, file system, size, free space and how full. */
export const HardwareDisks = observer(function HardwareDisks({ explorer }: { explorer: ExplorerStore }) {
  const styles = useStyles()
  return (
    <ExplorerTable<Disk>
      label="Disks"
      testId="hardware-disks"
      rows={explorer.hardware?.disks ?? []}
      rowKey={(d) => d.mount}
      emptyText="The inventory lists no disk."
      columns={[
        { id: 'mount', label: 'Mount / Drive', width: 180, render: (d) => d.mount },
        { id: 'fs', label: 'File System', width: 110, render: (d) => d.fsType },
        { id: 'size', label: 'Size', width: 90, align: 'end', render: (d) => formatBytes(d.sizeBytes) },
        { id: 'free', label: 'Free', width: 90, align: 'end', render: (d) => formatBytes(d.freeBytes) },
        {
          id: 'used',
          label: 'Used',
          width: 220,
          grow: true,
          render: (d) => {
            const used = d.sizeBytes ? 1 - d.freeBytes / d.sizeBytes : 0
            return (
              <span className={styles.used}>
                <ProgressBar
                  className={styles.bar}
                  value={used}
                  color={used > 0.9 ? 'error' : used > 0.8 ? 'warning' : 'brand'}
                />
                {Math.round(used * 100)}%
              </span>
            )
          },
        },
      ]}
    />
  )
})

/** Hardware › Network: interfaces, MAC addresses and IP addresses. */
export const HardwareNetwork = observer(function HardwareNetwork({ explorer }: { explorer: ExplorerStore }) {
  return (
    <ExplorerTable<Nic>
      label="Network"
      testId="hardware-network"
      rows={explorer.hardware?.network ?? []}
      rowKey={(n) => n.interface}
      emptyText="The inventory lists no network interface."
      columns={[
        { id: 'if', label: 'Interface', width: 220, render: (n) => n.interface },
        { id: 'mac', label: 'MAC Address', width: 150, render: (n) => n.mac ?? '' },
        { id: 'ip', label: 'Addresses', width: 320, grow: true, render: (n) => n.addresses.join(', ') },
      ]}
    />
  )
})
