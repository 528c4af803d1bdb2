import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Command } from 'commander'
import type { Transport } from '../../shared/contract'
import type { LabFaultShares, LabFleet } from '../clients/lab'
import { collectionForClient, ensureCollection } from './client-add'
import { globalOptions, UsageError, withTransport } from './context'
import { parseInteger } from './parse'

type StartOptions = {
  hosts: number
  seed?: number
  windowsShare?: number
  faults?: string
  collection: string
  dir?: string
}

/** What `lab start` registered, as --json prints it. */
interface LabStarted {
  hosts: number
  seed: number
  address: string
  ports: [number, number]
  collection: string
  collectionId: string
  identityFile: string
  dir: string
  clients: { name: string; id: number; port: number; platform: string; fault: string | null }[]
}

function parseShare(value: string): number {
  const n = Number(value.trim())
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError('--windows-share must be a fraction from 0 to 1, e.g. 0.3')
  return n
}

/** Registers every lab host as a simulated client in the collection; answers the client IDs by host name. */
async function registerFleet(
  t: Transport,
  fleet: LabFleet,
  identityFile: string,
  collectionRef: string,
): Promise<{ ids: Map<string, number>; collectionId: string; collection: string }> {
  const target = await collectionForClient(t, collectionRef)
  const existing = new Map((await t.invoke('resources:list', {})).map((r) => [r.name.toLowerCase(), r]))
  const ids = new Map<string, number>()
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
      ? await t.invoke('resources:update', { id: known.id, ...fields })
      : await t.invoke('resources:create', { name: h.name, platform: h.platform, ...fields })
    ids.set(h.name, r.id)
  }
  // This fleet's host keys are new; a key trusted for one of its ports by an earlier fleet is stale.
  const keys = await t.invoke('hostkeys:list', {})
  for (const h of fleet.hosts) {
    const stale = keys.find(
      (k) => k.host === h.address && k.port === h.port && k.fingerprint !== h.hostKeyFingerprint,
    )
    if (stale) await t.invoke('hostkeys:remove', { resourceId: ids.get(h.name)! })
  }
  const { collection } = await ensureCollection(t, target)
  await t.invoke('collections:add-members', { id: collection.id, resourceIds: [...ids.values()] })
  return { ids, collectionId: collection.id, collection: collection.name }
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      done()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

/** `patchbay lab start`: a simulated fleet for demos and training, served by this process. */
export function labCommand(): Command {
  const lab = new Command('lab').description(
    'a simulated fleet of SSH hosts on 127.0.0.1 (demos, training, scale)',
  )

  lab
    .command('start')
    .description('start simulated hosts, register them as SIMULATED clients, and serve until Ctrl+C')
    .requiredOption('--hosts <n>', 'number of hosts', (v) => parseInteger('--hosts', v, 1, 5000))
    .option('--seed <s>', 'decides platforms, packages, updates and faults (default 1)', (v) =>
      parseInteger('--seed', v, 0, 2 ** 31 - 1),
    )
    .option('--windows-share <f>', 'fraction of Windows hosts (default 0.3)', parseShare)
    .option('--faults <spec>', 'fractions of faulty hosts, e.g. unreachable=0.05,slow=0.05 (or 5%)')
    .option('--collection <name>', 'collection the clients join (created when missing)', 'Lab fleet')
    .option('--dir <dir>', 'folder for the client key (default: a new temporary folder)')
    .addHelpText(
      'after',
      `
The hosts listen on 127.0.0.1 in this process and accept the client key written (mode 0600) to
DIR/lab_ed25519. Every host becomes a SIMULATED client (a client of the same name is updated to the
new port and key) in the collection. Scan them from another shell, e.g.
  patchbay scan --collection "Lab fleet" --trust-new-host-key
Ctrl+C (or SIGTERM) stops the fleet; the clients stay in the site.`,
    )
    .action(async (opts: StartOptions, cmd: Command) => {
      const { parseLabFaults, startLabFleet, writeLabClientKey } = await import('../clients/lab')
      let faults: LabFaultShares = {}
      try {
        faults = opts.faults === undefined ? {} : parseLabFaults(opts.faults)
      } catch (err) {
        throw new UsageError(`--faults: ${(err as Error).message}`)
      }
      const dir = opts.dir === undefined ? mkdtempSync(join(tmpdir(), 'patchbay-lab-')) : resolve(opts.dir)
      const identityFile = join(dir, 'lab_ed25519')
      const fleet = await startLabFleet({
        hosts: opts.hosts,
        seed: opts.seed,
        windowsShare: opts.windowsShare,
        faults,
      })
      try {
        writeLabClientKey(identityFile, fleet.clientKey)
        const reg = await withTransport(cmd, (t) => registerFleet(t, fleet, identityFile, opts.collection))
        const ports = fleet.hosts.map((h) => h.port)
        const started: LabStarted = {
          hosts: fleet.hosts.length,
          seed: fleet.seed,
          address: '127.0.0.1',
          ports: [Math.min(...ports), Math.max(...ports)],
          collection: reg.collection,
          collectionId: reg.collectionId,
          identityFile,
          dir,
          clients: fleet.hosts.map((h) => ({
            name: h.name,
            id: reg.ids.get(h.name)!,
            port: h.port,
            platform: h.platform,
            fault: h.fault,
          })),
        }
        const stopped = untilStopped()
        process.stdout.write(
          globalOptions(cmd).json
            ? JSON.stringify(started, null, 2) + '\n'
            : `Lab fleet: ${started.hosts} simulated hosts on 127.0.0.1 ports ${started.ports[0]}–${started.ports[1]}; clients in collection "${started.collection}"; Ctrl+C stops it\n`,
        )
        await stopped
      } finally {
        await fleet.stop()
      }
    })

  return lab
}
