import { Command } from 'commander'
import type { Transport } from '../../shared/contract'
import type { HostKeyDto } from '../../shared/dto/client-access'
import type { ResourceDto } from '../../shared/dto/resource'
import { PatchbayError } from '../../shared/errors'
import { output, UsageError, withTransport } from './context'
import { formatTable, shortTime } from './format'
import { failureMessage, hostLabel, runJob } from './job-progress'
import { resolveClients } from './resolve'

const fingerprintPattern = /^SHA256:[A-Za-z0-9+/]{43}$/

async function resolveClient(t: Transport, ref: string): Promise<ResourceDto> {
  return (await resolveClients(t, [ref]))[0]!
}

function keyOf(keys: readonly HostKeyDto[], r: ResourceDto): HostKeyDto | undefined {
  return keys.find((k) => k.host === r.address && k.port === r.port)
}

/**
 * Trusts the key a client presents, if it is the one the admin confirmed. Services keep presented keys in
 * memory only, so this connects first (without consent) to see the key the client presents now.
 */
async function trustPresentedKey(
  t: Transport,
  client: ResourceDto,
  fingerprint: string,
): Promise<HostKeyDto> {
  if (client.hostKeyFingerprint === fingerprint) {
    const known = keyOf(await t.invoke('hostkeys:list', {}), client)
    if (known) return known
  }
  const job = await runJob(t, () =>
    t.invoke('clients:connect', { targets: { resourceIds: [client.id] }, trustNewHostKeys: false }),
  )
  const host = job.hosts[0]!
  const ports = new Map([[client.id, client.port]])
  if (host.state === 'succeeded') {
    // Connected without consent: the client's key is already trusted.
    const known = keyOf(await t.invoke('hostkeys:list', {}), client)
    if (known?.fingerprint === fingerprint) return known
    throw new PatchbayError(
      'conflict',
      `${hostLabel(host, ports)} already has a trusted key ${known?.fingerprint ?? '(unknown)'}, not ${fingerprint}`,
    )
  }
  if (host.errorKind !== 'host-key-unknown' && host.errorKind !== 'host-key-changed')
    throw new PatchbayError(
      'unavailable',
      `${failureMessage(host, ports)} — no host key to trust; retry when the client answers (or run \`patchbay scan --client ${client.name}\` to see its key)`,
    )
  return t.invoke('hostkeys:trust', { resourceId: client.id, fingerprint })
}

/** `patchbay hostkeys list|trust|remove`. */
export function hostkeysCommand(): Command {
  const hostkeys = new Command('hostkeys').description("clients' trusted SSH host keys")

  hostkeys
    .command('list')
    .description('list trusted host keys and the clients using them')
    .action(async (_opts: object, cmd: Command) => {
      const keys = await withTransport(cmd, (t) => t.invoke('hostkeys:list', {}))
      output(cmd, keys, () =>
        keys.length === 0
          ? 'No trusted host keys.'
          : formatTable(keys, [
              { header: 'Host', value: (k) => k.host },
              { header: 'Port', value: (k) => k.port, right: true },
              { header: 'Algorithm', value: (k) => k.algorithm },
              { header: 'Fingerprint', value: (k) => k.fingerprint },
              { header: 'Trusted', value: (k) => shortTime(k.trustedAt) },
              { header: 'Clients', value: (k) => k.resourceNames.join(', ') },
            ]),
      )
    })

  hostkeys
    .command('trust')
    .description('trust the host key a client presents, after checking its fingerprint (ssh-keygen -lf)')
    .argument('<client>', 'client name or ID')
    .requiredOption('--fingerprint <SHA256:…>', 'the fingerprint you confirmed, as ssh-keygen -l prints it')
    .addHelpText(
      'after',
      `
Connects to the client to read the key it presents now; trusts it only when its fingerprint is the one
given. A changed key is refused: remove the old one first with \`patchbay hostkeys remove CLIENT\`.`,
    )
    .action(async (ref: string, opts: { fingerprint: string }, cmd: Command) => {
      const fingerprint = opts.fingerprint.trim()
      if (!fingerprintPattern.test(fingerprint))
        throw new UsageError(
          '--fingerprint must be a SHA256 fingerprint as ssh-keygen -l prints it (SHA256:…)',
        )
      const result = await withTransport(cmd, async (t) => {
        const client = await resolveClient(t, ref)
        return { client: client.name, ...(await trustPresentedKey(t, client, fingerprint)) }
      })
      output(
        cmd,
        result,
        () =>
          `Trusted host key ${result.fingerprint} (${result.algorithm}) of ${result.client} (${result.host}:${result.port}).`,
      )
    })

  hostkeys
    .command('remove')
    .description("forget a client's trusted host key (after a legitimate key change)")
    .argument('<client>', 'client name or ID')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const result = await withTransport(cmd, async (t) => {
        const client = await resolveClient(t, ref)
        const { deleted } = await t.invoke('hostkeys:remove', { resourceId: client.id })
        return { client: client.name, host: client.address, port: client.port, deleted }
      })
      output(cmd, result, () =>
        result.deleted > 0
          ? `Removed the trusted host key of ${result.client} (${result.host}:${result.port}); the next connection with --trust-new-host-key trusts the key it presents.`
          : `${result.client} (${result.host}:${result.port}) had no trusted host key.`,
      )
    })

  return hostkeys
}
