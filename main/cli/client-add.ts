import { accessSync, constants, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { isAbsolute, resolve } from 'node:path'
import { Command, Option } from 'commander'
import type { Transport } from '../../shared/contract'
import type { CollectionDto } from '../../shared/dto/collection'
import type { JobDto, JobHostDto } from '../../shared/dto/job'
import type { Platform, ResourceDto } from '../../shared/dto/resource'
import { PatchbayError } from '../../shared/errors'
import { isSmsId } from '../../shared/ids'
import { globalOptions, withTransport } from './context'
import { failureMessage, runJob } from './job-progress'
import { portParser } from './parse'
import { findByRef } from './resolve'

/** Platforms `client add --platform` takes; auto = unknown until a connection detects it. */
export const platformChoices = ['auto', 'debian', 'rhel', 'suse', 'windows'] as const

type AddOptions = {
  name?: string
  port?: number
  user?: string
  identity?: string
  platform: (typeof platformChoices)[number]
  trustNewHostKey?: boolean
  connect: boolean
  collection?: string
}

/** Finds the collection named by --collection, or answers the name to create (an unknown SMS ID is an error). */
export async function collectionForClient(t: Transport, ref: string): Promise<CollectionDto | string> {
  const existing = findByRef(await t.invoke('collections:list', {}), ref, 'Collection')
  if (existing) return existing
  if (isSmsId(ref.trim().toUpperCase()))
    throw new PatchbayError('not-found', `No collection with ID "${ref.trim()}"`)
  return ref.trim()
}

/** The collection named by --collection, created (no rules, limited to All Systems) when absent. */
export async function ensureCollection(
  t: Transport,
  target: CollectionDto | string,
): Promise<{ collection: CollectionDto; created: boolean }> {
  if (typeof target !== 'string') return { collection: target, created: false }
  return { collection: await t.invoke('collections:create', { name: target }), created: true }
}

/** An identity file as stored: `~` expanded, made absolute, and readable — or an error naming it. */
export function identityPath(value: string, cwd = process.cwd()): string {
  const raw = value.trim()
  const expanded = raw === '~' ? homedir() : raw.startsWith('~/') ? resolve(homedir(), raw.slice(2)) : raw
  const path = isAbsolute(expanded) ? expanded : resolve(cwd, expanded)
  try {
    if (!statSync(path).isFile()) throw new Error('not a file')
    accessSync(path, constants.R_OK)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable' : (err as Error).message
    throw new PatchbayError('invalid-input', `--identity ${path}: ${why}`, 'identityFile')
  }
  return path
}

/** The hint after a failed first connection: how to trust an unknown key, or how to retry. */
export function connectHint(host: JobHostDto, client: string): string {
  if (host.errorKind === 'host-key-unknown' && host.fingerprint)
    return `check the fingerprint, then trust it with \`patchbay hostkeys trust ${client} --fingerprint ${host.fingerprint}\` or connect with \`patchbay scan --client ${client} --trust-new-host-key\``
  if (host.errorKind === 'host-key-changed')
    return `if the change is legitimate, \`patchbay hostkeys remove ${client}\`, then connect with --trust-new-host-key`
  return `fix it, then connect with \`patchbay scan --client ${client}\``
}

type Added = ResourceDto & {
  collectionId: string | null
  collectionName: string | null
  createdCollection: boolean
  connect: JobDto | null
}

function describeAdded(r: Added): string {
  const where = r.collectionId ? `; member of ${r.collectionId} "${r.collectionName}"` : ''
  const made = r.createdCollection ? ' (new collection)' : ''
  const out = [`Added client ${r.id} "${r.name}" (${r.address}:${r.port})${where}${made}.`]
  const host = r.connect?.hosts[0]
  if (host?.state === 'succeeded') {
    out.push(`Connected: ${host.message}.`)
    if (r.hostKeyFingerprint) out.push(`Host key: ${r.hostKeyFingerprint} (trusted).`)
  }
  return out.join('\n')
}

/** Adds `client add` to the client command. */
export function addClientAddCommand(client: Command): void {
  client
    .command('add')
    .description('add a client machine; connects to detect its platform (see below)')
    .argument('<address>', 'host name or IP address')
    .option('--name <name>', 'client name (default: the address)')
    .option('--port <n>', 'SSH port (default 22)', portParser('--port'))
    .option('--user <user>', 'user to connect as (default: your user name)')
    .option('--identity <file>', 'private key file to log in with (sets the key auth method)')
    .addOption(
      new Option('--platform <platform>', 'platform; auto detects it on connecting')
        .choices(platformChoices)
        .default('auto'),
    )
    .option('--trust-new-host-key', "trust the client's host key on this first connection (prints it)")
    .option('--no-connect', 'only add the client; do not connect')
    .option('--collection <id|name>', 'add to this collection, creating it when no collection has that name')
    .addHelpText(
      'after',
      `
Connecting: with --platform auto (the default) or --trust-new-host-key, client add connects once to
check the credentials, detect the platform and (with --trust-new-host-key) trust the host key it
presents, printing its SHA256 fingerprint. Without consent an unknown host key is refused and its
fingerprint printed with the command that trusts it. If that connection fails the client stays added
and the exit code is 1. --platform debian|rhel|suse|windows without --trust-new-host-key, or
--no-connect, adds the client without connecting.

Examples:
  patchbay client add 127.0.0.5 --name web-01 --user ops --identity ~/.ssh/id_ed25519 --trust-new-host-key
  patchbay client add 127.0.0.6 --name db-01 --platform rhel --collection Databases`,
    )
    .action(async (address: string, opts: AddOptions, cmd: Command) => {
      const identityFile = opts.identity === undefined ? undefined : identityPath(opts.identity)
      const connect = opts.connect && (opts.platform === 'auto' || opts.trustNewHostKey === true)
      const { added, failure } = await withTransport(cmd, async (t) => {
        // Resolve first so an ambiguous name fails before anything is written.
        const target =
          opts.collection === undefined ? undefined : await collectionForClient(t, opts.collection)
        const resource = await t.invoke('resources:create', {
          name: opts.name ?? address.trim(),
          address,
          ...(opts.port === undefined ? {} : { port: opts.port }),
          ...(opts.user === undefined ? {} : { user: opts.user }),
          platform: (opts.platform === 'auto' ? 'unknown' : opts.platform) as Platform,
          ...(identityFile === undefined ? {} : { authMethod: 'key' as const, identityFile }),
        })
        const member = target === undefined ? undefined : await ensureCollection(t, target)
        if (member)
          await t.invoke('collections:add-members', { id: member.collection.id, resourceIds: [resource.id] })
        const job = connect
          ? await runJob(t, () =>
              t.invoke('clients:connect', {
                targets: { resourceIds: [resource.id] },
                trustNewHostKeys: opts.trustNewHostKey === true,
              }),
            )
          : null
        const now = (await t.invoke('resources:list', {})).find((r) => r.id === resource.id) ?? resource
        const host = job?.hosts[0]
        const failed = host !== undefined && host.state !== 'succeeded'
        return {
          added: {
            ...now,
            collectionId: member?.collection.id ?? null,
            collectionName: member?.collection.name ?? null,
            createdCollection: member?.created ?? false,
            connect: job,
          } satisfies Added,
          failure: failed
            ? `${failureMessage(host, new Map([[now.id, now.port]]))} — the client was added; ${connectHint(host, now.name)}`
            : null,
        }
      })
      if (globalOptions(cmd).json) process.stdout.write(JSON.stringify(added, null, 2) + '\n')
      else process.stdout.write(describeAdded(added) + '\n')
      if (failure) {
        process.stderr.write(`patchbay: ${failure}\n`)
        process.exitCode = 1
      }
    })
}
