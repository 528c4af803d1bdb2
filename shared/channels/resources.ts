import { z } from 'zod'
import { channel, readPath } from '../channel'
import {
  clearSecretInput,
  hostKeyDto,
  removeHostKeyInput,
  secretStatusDto,
  setSecretInput,
  trustHostKeyInput,
} from '../dto/client-access'
import { deletedDto, noInput } from '../dto/common'
import { inventoryDto } from '../dto/inventory'
import { resourceDelete, resourceDto, resourceInput, resourceUpdate } from '../dto/resource'
import { resourceImportDto, resourceImportInput } from '../dto/resource-import'

/** Resources (the machines a site manages), their host keys, stored secrets and inventory: channel name → request and response schemas. */
export const resourcesChannels = {
  'resources:list': channel(noInput, z.array(resourceDto)),
  'resources:create': channel(resourceInput, resourceDto, {
    paths: { identityFile: readPath('Identity file') },
  }),
  'resources:update': channel(resourceUpdate, resourceDto, {
    paths: { identityFile: readPath('Identity file') },
  }),
  'resources:delete': channel(resourceDelete, deletedDto),
  /** Client import from a CSV file, an Ansible inventory or an OpenSSH client config: all or nothing. */
  'resources:import': channel(resourceImportInput, resourceImportDto, {
    paths: { path: readPath('Import file') },
  }),
  'hostkeys:list': channel(noInput, z.array(hostKeyDto)),
  'hostkeys:trust': channel(trustHostKeyInput, hostKeyDto),
  'hostkeys:remove': channel(removeHostKeyInput, deletedDto),
  'secrets:set': channel(setSecretInput, secretStatusDto),
  'secrets:clear': channel(clearSecretInput, secretStatusDto),
  'inventory:get': channel(z.object({ resourceId: z.number().int().positive() }), inventoryDto),
} as const

/** A channel of this domain. */
export type ResourcesChannel = keyof typeof resourcesChannels
