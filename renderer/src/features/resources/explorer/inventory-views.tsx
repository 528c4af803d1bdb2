import { Badge, Input, makeStyles, tokens } from '@fluentui/react-components'
import { SearchRegular } from '@fluentui/react-icons'
import { observer } from 'mobx-react-lite'
import type { InventoryDto } from '../../../../../shared/dto/inventory'
import type { StateMessageDto, UpdateDto } from '../../../../../shared/dto/update'
import { formatTime, plural } from '../../../lib/format'
import type { ExplorerStore } from '../explorer-store'
import { ExplorerTable } from './explorer-table'

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: '6px', minHeight: 0, flexGrow: 1 },
  bar: { display: 'flex', alignItems: 'center', gap: '10px' },
  filter: { width: '280px' },
  count: { color: tokens.colorNeutralForeground3 },
  split: {
    display: 'grid',
    gridTemplateRows: 'minmax(0, 3fr) auto minmax(0, 2fr)',
    gap: '6px',
    minHeight: 0,
    flexGrow: 1,
  },
  sub: { fontWeight: tokens.fontWeightSemibold },
  pane: { display: 'flex', minHeight: 0 },
})

const stateBadge: Record<string, { color: 'danger' | 'success' | 'informative' | 'subtle'; label: string }> =
  {
    required: { color: 'danger', label: 'Required' },
    installed: { color: 'success', label: 'Installed' },
    'not-required': { color: 'subtle', label: 'Not required' },
    unknown: { color: 'informative', label: 'Unknown' },
  }

/** An update's applicability state on a client as a coloured badge. */
export function UpdateStateBadge({ state }: { state: string | null }) {
  const b = stateBadge[state ?? 'unknown'] ?? stateBadge.unknown!
  return (
    <Badge appearance="tint" color={b.color} size="small">
      {b.label}
    </Badge>
  )
}

type Package = InventoryDto['software'][number]

/** Software: installed packages and hotfixes, filterable. */
export const SoftwareView = observer(function SoftwareView({ explorer }: { explorer: ExplorerStore }) {
  const styles = useStyles()
  const total = explorer.inventory?.software.length ?? 0
  const shown = explorer.software
  return (
    <div className={styles.column}>
      <div className={styles.bar}>
        <Input
          className={styles.filter}
          size="small"
          placeholder="Filter packages"
          aria-label="Filter packages"
          contentBefore={<SearchRegular />}
          value={explorer.softwareFilter}
          onChange={(_, d) => explorer.setSoftwareFilter(d.value)}
          data-testid="software-filter"
        />
        <span className={styles.count}>
          {explorer.softwareFilter ? `${shown.length.toLocaleString()} of ` : ''}
          {plural(total, 'package')}
          {explorer.inventory?.softwareCollectedAt
            ? ` · collected ${formatTime(explorer.inventory.softwareCollectedAt)}`
            : ''}
        </span>
      </div>
      <ExplorerTable<Package>
        label="Installed software"
        testId="software-list"
        rows={shown}
        rowKey={(p) => `${p.name}:${p.arch}`}
        emptyText="No package matches the filter."
        columns={[
          { id: 'name', label: 'Name', width: 280, render: (p) => p.name },
          { id: 'version', label: 'Version', width: 260, render: (p) => p.version },
          { id: 'arch', label: 'Architecture', width: 110, grow: true, render: (p) => p.arch },
        ]}
      />
    </div>
  )
})

/** Software Updates: this client's updates with state, installed version and state time; state history of one. */
export const ClientUpdatesView = observer(function ClientUpdatesView({
  explorer,
}: {
  explorer: ExplorerStore
}) {
  const styles = useStyles()
  const selected = explorer.selectedUpdate
  const required = explorer.updates.filter((u) => u.state === 'required').length
  return (
    <div className={styles.column}>
      <div className={styles.bar}>
        <Input
          className={styles.filter}
          size="small"
          placeholder="Filter updates"
          aria-label="Filter updates"
          contentBefore={<SearchRegular />}
          value={explorer.updateFilter}
          onChange={(_, d) => explorer.setUpdateFilter(d.value)}
        />
        <span className={styles.count} data-testid="client-updates-count">
          {required.toLocaleString()} required, {plural(explorer.updates.length, 'update')} reported
        </span>
      </div>
      <div className={styles.split}>
        <div className={styles.pane}>
          <ExplorerTable<UpdateDto>
            label="Software updates of this client"
            testId="client-updates"
            rows={explorer.clientUpdates}
            rowKey={(u) => u.id}
            selectedKey={explorer.selectedUpdateId}
            onSelect={(u) => explorer.selectUpdate(u.id)}
            emptyText="No update matches the filter."
            columns={[
              { id: 'title', label: 'Title', width: 280, grow: true, render: (u) => u.title },
              {
                id: 'state',
                label: 'State',
                width: 110,
                render: (u) => <UpdateStateBadge state={u.state} />,
              },
              { id: 'class', label: 'Classification', width: 130, render: (u) => u.classification },
              { id: 'kb', label: 'KB / Package', width: 150, render: (u) => u.kb || u.package },
              {
                id: 'installed',
                label: 'Installed Version',
                width: 150,
                render: (u) => u.installedVersion ?? '',
              },
              { id: 'available', label: 'Available Version', width: 150, render: (u) => u.availableVersion },
              { id: 'time', label: 'State Time', width: 125, render: (u) => formatTime(u.stateTime) },
            ]}
          />
        </div>
        <span className={styles.sub}>
          {selected ? `State history — ${selected.title}` : 'State history — select an update above'}
        </span>
        <div className={styles.pane}>
          <ExplorerTable<StateMessageDto>
            label="State history"
            testId="state-history"
            rows={explorer.stateHistory}
            rowKey={(m) => String(m.id)}
            emptyText={
              selected
                ? explorer.historyLoading
                  ? 'Loading…'
                  : 'No state message recorded for this update yet.'
                : 'Selecting an update shows the state messages this client sent for it, newest first.'
            }
            columns={[
              { id: 'time', label: 'Time', width: 130, render: (m) => formatTime(m.time) },
              {
                id: 'topic',
                label: 'Topic / State',
                width: 90,
                render: (m) => `${m.topicType} / ${m.stateId}`,
              },
              { id: 'name', label: 'State', width: 200, render: (m) => m.stateName },
              { id: 'detail', label: 'Detail', width: 300, grow: true, render: (m) => m.detail },
            ]}
          />
        </div>
      </div>
    </div>
  )
})

type Change = InventoryDto['history'][number]

/** History: inventory changes, newest first. */
export const HistoryView = observer(function HistoryView({ explorer }: { explorer: ExplorerStore }) {
  const rows = explorer.inventory?.history ?? []
  return (
    <ExplorerTable<Change>
      label="Inventory history"
      testId="inventory-history"
      rows={rows}
      rowKey={(c) => `${c.time}:${c.category}:${c.item}:${c.kind}`}
      emptyText="No change recorded yet: the history lists what changed between two inventories."
      columns={[
        { id: 'time', label: 'Time', width: 130, render: (c) => formatTime(c.time) },
        { id: 'kind', label: 'Change', width: 90, render: (c) => c.kind },
        { id: 'category', label: 'Category', width: 110, render: (c) => c.category },
        { id: 'item', label: 'Item', width: 220, render: (c) => c.item },
        { id: 'from', label: 'From', width: 180, render: (c) => c.from ?? '' },
        { id: 'to', label: 'To', width: 180, grow: true, render: (c) => c.to ?? '' },
      ]}
    />
  )
})
