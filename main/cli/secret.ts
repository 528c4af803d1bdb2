import { Command } from 'commander'
import { output, UsageError, withTransport } from './context'
import { resolveClients } from './resolve'

type SetOptions = { password?: boolean; passphrase?: boolean }

/** Reads all of a piped stdin; drops one trailing newline (what `echo` adds). */
async function readPiped(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

/** Prompts on stderr and reads one line from the terminal without echoing it. */
function readHidden(stdin: NodeJS.ReadStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt)
    let value = ''
    stdin.setRawMode(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    const done = (err?: Error) => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      process.stderr.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (text: string) => {
      for (const c of text) {
        if (c === '\r' || c === '\n' || c === '\u0004') return done()
        if (c === '\u0003') return done(new UsageError('cancelled; no secret was stored'))
        if (c === '\u007f' || c === '\b') value = value.slice(0, -1)
        else value += c
      }
    }
    stdin.on('data', onData)
  })
}

/** Reads the secret from stdin: hidden from the terminal, or piped in; never from the command line. */
export async function readSecret(kind: string, client: string): Promise<string> {
  const stdin = process.stdin
  const value = stdin.isTTY ? await readHidden(stdin, `${kind} for ${client}: `) : await readPiped(stdin)
  if (value === '')
    throw new UsageError(
      `no ${kind} on stdin: type it when asked, or pipe it in, e.g. printf '%s' "$SECRET" | patchbay secret set ${client} --${kind}`,
    )
  return value
}

/** `patchbay secret set|clear`. */
export function secretCommand(): Command {
  const secret = new Command('secret').description(
    "a client's stored SSH password or key passphrase (encrypted)",
  )

  secret
    .command('set')
    .description(
      'store a password or key passphrase for a client, read from stdin (never from the command line)',
    )
    .argument('<client>', 'client name or ID')
    .option('--password', 'the SSH login password')
    .option('--passphrase', "the passphrase of the client's identity file")
    .addHelpText(
      'after',
      `
The secret is read from stdin: typed at a hidden prompt, or piped in (one trailing newline is dropped).
CLI and browser mode store secrets only when PATCHBAY_VAULT_PASSPHRASE is set (they are encrypted with it).

Example:
  printf '%s' "$WEB01_PASSWORD" | patchbay secret set web-01 --password`,
    )
    .action(async (ref: string, opts: SetOptions, cmd: Command) => {
      if (opts.password === opts.passphrase) throw new UsageError('choose one of --password and --passphrase')
      const kind = opts.password ? 'password' : 'passphrase'
      const status = await withTransport(cmd, async (t) => {
        const [client] = await resolveClients(t, [ref])
        const value = await readSecret(kind, client!.name)
        return {
          client: client!.name,
          ...(await t.invoke('secrets:set', { resourceId: client!.id, kind, value })),
        }
      })
      output(cmd, status, () => `Stored a ${kind} for ${status.client} (${status.store}).`)
    })

  secret
    .command('clear')
    .description("forget a client's stored password or passphrase")
    .argument('<client>', 'client name or ID')
    .action(async (ref: string, _opts: object, cmd: Command) => {
      const status = await withTransport(cmd, async (t) => {
        const [client] = await resolveClients(t, [ref])
        return { client: client!.name, ...(await t.invoke('secrets:clear', { resourceId: client!.id })) }
      })
      output(cmd, status, () => `${status.client} has no stored secret now.`)
    })

  return secret
}
