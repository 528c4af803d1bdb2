import { Command } from 'commander'
import type { WebhookDto } from '../../shared/dto/deployment'
import { UsageError, output, withTransport } from './context'
import { formatTable, type Column } from './format'
import { parseInteger } from './parse'

const columns: Column<WebhookDto>[] = [
  { header: 'ID', value: (w: WebhookDto) => w.id, right: true },
  { header: 'URL', value: (w: WebhookDto) => w.url },
  { header: 'Signed', value: (w: WebhookDto) => (w.hasSecret ? 'yes' : 'no') },
  { header: 'Enabled', value: (w: WebhookDto) => (w.enabled ? 'yes' : 'no') },
]

/** `patchbay deploy webhook`: where compliance tickets ("open a ticket" in the compliance-check branch table) are posted. */
export function webhookCommand(): Command {
  const webhook = new Command('webhook').description(
    'webhooks that receive a JSON ticket when the compliance check opens one',
  )
  webhook
    .command('add')
    .description('post tickets to URL (HMAC-SHA256 signed when a secret is given)')
    .argument('<url>', 'http:// or https:// URL')
    .option('--secret-env <var>', 'read the signing secret from this environment variable (never from argv)')
    .action(async (url: string, opts: { secretEnv?: string }, cmd: Command) => {
      const secret = opts.secretEnv ? process.env[opts.secretEnv] : ''
      if (secret === undefined) throw new UsageError(`--secret-env: ${opts.secretEnv} is not set`)
      const w = await withTransport(cmd, (t) => t.invoke('deploy:webhooks-add', { url, secret }))
      output(cmd, w, () => `Added webhook ${w.id}: ${w.url}${w.hasSecret ? ' (signed)' : ''}.`)
    })
  webhook
    .command('list')
    .description('the webhooks (secrets are never shown)')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('deploy:webhooks-list', {}))
      output(cmd, rows, () => (rows.length ? formatTable(rows, columns) : 'No webhooks.'))
    })
  webhook
    .command('remove')
    .description('stop posting tickets to a webhook')
    .argument('<id>', 'webhook ID (see list)')
    .action(async (id: string, _opts: object, cmd: Command) => {
      const r = await withTransport(cmd, (t) =>
        t.invoke('deploy:webhooks-remove', { id: parseInteger('webhook ID', id, 1, 2 ** 31) }),
      )
      output(cmd, r, () => `Removed ${r.deleted} webhook${r.deleted === 1 ? '' : 's'}.`)
    })
  return webhook
}
