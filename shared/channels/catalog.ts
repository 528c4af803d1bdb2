import { z } from 'zod'
import { channel, readPath, writePath } from '../channel'
import {
  catalogImportInput,
  catalogScheduleInput,
  catalogSourceDto,
  catalogSourceInput,
  catalogSourceRef,
  catalogSyncDto,
  catalogSyncInput,
} from '../dto/catalog'
import { deletedDto, noInput } from '../dto/common'
import { catalogExportDto, catalogExportInput, snapshotDto, snapshotReadInput } from '../dto/content'
import { taskDto } from '../dto/task'
import { stateMessageDto, stateQuery, updateDto, updatesQuery } from '../dto/update'
import { updateCriteria } from '../dto/update-criteria'

/** The software update catalog: sources, sync, imports, snapshots, the Update Repository and state messages: channel name → request and response schemas. */
export const catalogChannels = {
  'updates:list': channel(updatesQuery, z.array(updateDto)),
  'catalog:sources-list': channel(noInput, z.array(catalogSourceDto)),
  'catalog:sources-add': channel(catalogSourceInput, catalogSourceDto, {
    paths: { keyring: readPath('Keyring') },
  }),
  'catalog:sources-remove': channel(catalogSourceRef, deletedDto),
  'catalog:sync': channel(catalogSyncInput, z.array(catalogSyncDto)),
  'catalog:history': channel(noInput, z.array(catalogSyncDto)),
  'state:list': channel(stateQuery, z.array(stateMessageDto)),
  'catalog:import': channel(catalogImportInput, catalogSyncDto, {
    paths: { file: readPath('Catalog file'), caBundle: readPath('CA bundle') },
  }),
  'catalog:schedule': channel(catalogScheduleInput, catalogSourceDto),
  /** Synchronize Now as a task: per-file byte progress, then the write; cancel writes nothing. */
  'catalog:sync-start': channel(catalogSyncInput, taskDto),
  'updates:search': channel(updateCriteria, z.array(updateDto)),
  'catalog:export-snapshot': channel(catalogExportInput, catalogExportDto, {
    paths: { out: writePath('Snapshot file') },
  }),
  'catalog:read-snapshot': channel(snapshotReadInput, snapshotDto, {
    paths: { file: readPath('Snapshot file') },
  }),
} as const

/** A channel of this domain. */
export type CatalogChannel = keyof typeof catalogChannels
