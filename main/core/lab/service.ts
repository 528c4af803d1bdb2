import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { z } from 'zod'
import type { LabStatusDto, labStartInput } from '../../../shared/dto/lab'
import { PatchbayError } from '../../../shared/errors'
import type { LabFleet } from '../../clients/lab'
import type { CollectionsService } from '../collections/service'
import type { createClientAccessService } from '../resources/access-service'
import type { ResourcesService } from '../resources/service'

/** What the lab service uses of the other domains. */
export interface LabDeps {
  resources: ResourcesService
  collections: CollectionsService
  access: ReturnType<typeof createClientAccessService>
}

interface Running {
  fleet: LabFleet
  dir: string
  collectionId: string
  collection: string
  startedAt: string
}

const idle: LabStatusDto = {
  running: false,
  hosts: 0,
  seed: 0,
  address: '127.0.0.1',
  ports: null,
  collectionId: null,
  collection: null,
  startedAt: null,
  platforms: {},
  faults: {},
}

function count(values: readonly (string | null)[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const v of values) if (v !== null) out[v] = (out[v] ?? 0) + 1
  return out
}

/**
 * The console's simulated lab fleet: at most one at a time, served by this process on 127.0.0.1; its hosts become
 * SIMULATED clients (a client of the same name takes the new port and key) in one collection. Stopping keeps them.
 */
export function createLabService(deps: LabDeps) {
  let running: Running | null = null
  let starting = false

  const status = (): LabStatusDto => {
    if (!running) return idle
    const { fleet } = running
    const ports = fleet.hosts.map((h) => h.port)
    return {
      running: true,
      hosts: fleet.hosts.length,
      seed: fleet.seed,
      address: '127.0.0.1',
      ports: [Math.min(...ports), Math.max(...ports)],
      collectionId: running.collectionId,
      collection: running.collection,
      startedAt: running.startedAt,
      platforms: count(fleet.hosts.map((h) => h.platform)),
      faults: count(fleet.hosts.map((h) => h.fault)),
    }
  }

  /** Registers the fleet's hosts as simulated clients and puts them in the collection (created when missing). */
  async function register(fleet: LabFleet, identityFile: string, collectionName: string) {
    const { resources, collections, access } = deps
    const existing = new Map((await resources.list()).map((r) => [r.name.toLowerCase(), r]))
    const ids: number[] = []
    for (const h of fleet.hosts) {
      const fields = {
        address: h.address,
        port: h.port,
        user: h.user,
        authMethod: 'key' as const,
        identityFile,
        simulated: true,
      }
      const known = existing.get(h.name.toLowerCase())
      const r = known
        ? await resources.update({ id: known.id, ...fields })
        : await resources.create({
            name: h.name,
            platform: h.platform,
            osVersion: '',
            roles: [],
            transport: 'ssh',
            ...fields,
          })
      ids.push(r.id)
    }
    // This fleet's host keys are new; a key trusted for one of its ports by an earlier fleet is stale.
    const keys = await access.list()
    for (const [i, h] of fleet.hosts.entries()) {
      const stale = keys.find(
        (k) => k.host === h.address && k.port === h.port && k.fingerprint !== h.hostKeyFingerprint,
      )
      if (stale) await access.remove({ resourceId: ids[i]! })
    }
    const key = collectionName.toLowerCase()
    const found =
      (await collections.list()).find((c) => c.id.toLowerCase() === key || c.name.toLowerCase() === key) ??
      (await collections.create({
        name: collectionName,
        comment: 'Simulated lab hosts (not real machines)',
        parentId: null,
        limitingCollectionId: null,
        rules: [],
      }))
    await collections.addMembers({ id: found.id, resourceIds: ids })
    return found
  }

  return {
    /** The fleet's state. */
    status,

    /** Starts a fleet (refused while one runs) and registers its hosts. */
    async start(input: z.output<typeof labStartInput>): Promise<LabStatusDto> {
      if (running || starting)
        throw new PatchbayError('conflict', 'A lab fleet is already running; stop it first')
      starting = true
      // Loaded on use: the lab's host models are not needed until someone starts one.
      const { parseLabFaults, startLabFleet, writeLabClientKey } = await import('../../clients/lab')
      try {
        let faults = {}
        try {
          faults = input.faults === '' ? {} : parseLabFaults(input.faults)
        } catch (err) {
          throw new PatchbayError('invalid-input', `Faults: ${(err as Error).message}`, 'faults')
        }
        const dir = mkdtempSync(join(tmpdir(), 'patchbay-lab-'))
        const fleet = await startLabFleet({
          hosts: input.hosts,
          seed: input.seed,
          windowsShare: input.windowsShare,
          faults,
        })
        try {
          const identityFile = join(dir, 'lab_ed25519')
          writeLabClientKey(identityFile, fleet.clientKey)
          const collection = await register(fleet, identityFile, input.collection)
          running = {
            fleet,
            dir,
            collectionId: collection.id,
            collection: collection.name,
            startedAt: new Date().toISOString(),
          }
        } catch (err) {
          await fleet.stop()
          rmSync(dir, { recursive: true, force: true })
          throw err
        }
        return status()
      } finally {
        starting = false
      }
    },

    /** Stops the fleet (nothing to do when none runs); its clients stay. */
    async stop(): Promise<LabStatusDto> {
      const was = running
      running = null
      if (was) {
        await was.fleet.stop()
        rmSync(was.dir, { recursive: true, force: true })
      }
      return status()
    },
  }
}

/** The lab fleet service. */
export type LabService = ReturnType<typeof createLabService>
