import { Option, type Command } from 'commander'
import type { Transport } from '../../shared/contract'
import { UsageError } from './context'
import { clientList } from './parse'
import { resolveClients, resolveCollection } from './resolve'

/** The `--client` / `--collection` choice every job command takes. */
export interface TargetOptions {
  client?: string
  collection?: string
  trustNewHostKey?: boolean
}

/** Adds `--client NAME[,NAME…]`, `--collection NAME` and `--trust-new-host-key` to a job command. */
export function addTargetOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--client <names>', 'client name(s) or ID(s), comma-separated'))
    .addOption(new Option('--collection <id|name>', 'every client in this collection'))
    .option(
      '--trust-new-host-key',
      "trust a client's host key the first time it is seen (keys that changed are always refused)",
    )
}

/** Checks that exactly one of --client and --collection was given (before any work starts). */
export function checkTargetOptions(opts: TargetOptions): void {
  if (opts.client === undefined && opts.collection === undefined)
    throw new UsageError('choose the clients with --client NAME[,NAME…] or --collection NAME')
  if (opts.client !== undefined && opts.collection !== undefined)
    throw new UsageError('use either --client or --collection, not both')
  if (opts.client !== undefined) clientList('--client', opts.client)
}

/** The job targets the options name: resolved client IDs or a collection ID. */
export async function resolveTargets(
  t: Transport,
  opts: TargetOptions,
): Promise<{ resourceIds: number[]; collectionId: string | null }> {
  if (opts.client !== undefined) {
    const clients = await resolveClients(t, clientList('--client', opts.client))
    return { resourceIds: clients.map((c) => c.id), collectionId: null }
  }
  return { resourceIds: [], collectionId: (await resolveCollection(t, opts.collection ?? '')).id }
}
