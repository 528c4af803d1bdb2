import {
  AppsListRegular,
  BoxCheckmarkRegular,
  BoxMultipleRegular,
  BoxRegular,
  CalendarLtrRegular,
  ClipboardTaskRegular,
  CloudSyncRegular,
  DatabaseRegular,
  DataHistogramRegular,
  DesktopTowerRegular,
  DocumentSearchRegular,
  TaskListLtrRegular,
  FolderRegular,
  MegaphoneRegular,
  PeopleTeamRegular,
  ServerRegular,
  ShieldCheckmarkRegular,
  StatusRegular,
  TextBulletListSquareRegular,
} from '@fluentui/react-icons'
import type { NodeIcon as NodeIconName } from './tree-model'

const icons: Record<NodeIconName, typeof FolderRegular> = {
  site: DatabaseRegular,
  folder: FolderRegular,
  collection: PeopleTeamRegular,
  package: BoxRegular,
  advertisement: MegaphoneRegular,
  updates: ShieldCheckmarkRegular,
  repository: CloudSyncRegular,
  'update-list': AppsListRegular,
  template: CalendarLtrRegular,
  deployment: ClipboardTaskRegular,
  'deployment-package': BoxMultipleRegular,
  'search-folder': DocumentSearchRegular,
  'site-system': ServerRegular,
  status: StatusRegular,
  message: TextBulletListSquareRegular,
  reporting: DataHistogramRegular,
  clients: DesktopTowerRegular,
  jobs: TaskListLtrRegular,
}

/** The Fluent icon of a tree node kind. */
export function NodeIcon({
  name,
  className,
  fontSize,
}: {
  name: NodeIconName
  className?: string
  fontSize?: number
}) {
  const Icon = icons[name] ?? FolderRegular
  return <Icon className={className} fontSize={fontSize} aria-hidden />
}

/** Kept for list rows that show a package inside status views. */
export const PackageCheckIcon = BoxCheckmarkRegular
