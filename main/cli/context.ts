import { isAbsolute, resolve } from 'node:path'
import type { Command } from 'commander'
import type { Transport } from '../../shared/contract'

/** A mistake in how the CLI was called (bad flag value, missing flag): exit code 2, like commander's own. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** Options every command takes. */
export interface GlobalOptions {
  /** SQLite file path or postgres:// URL; undefined = the embedded default site in the user's data folder. */
  site?: string
  /** Machine output: one JSON value on stdout. */
  json: boolean
}

/** True for a PostgreSQL connection URL rather than a file path. */
export function isDatabaseUrl(site: string): boolean {
  return /^postgres(ql)?:\/\//i.test(site)
}

/** The site location to hand the core: URLs as given, file paths made absolute against the working directory. */
export function siteLocation(site: string | undefined, cwd = process.cwd()): string | undefined {
  if (site === undefined || site.trim() === '') return undefined
  if (isDatabaseUrl(site) || isAbsolute(site)) return site
  return resolve(cwd, site)
}

/** The global options as seen from any (sub)command. */
export function globalOptions(cmd: Command): GlobalOptions {
  const opts = cmd.optsWithGlobals<{ site?: string; json?: boolean }>()
  return { site: siteLocation(opts.site), json: opts.json === true }
}

/** Starts the services on the chosen site, hands the in-process transport to `fn`, and always closes them. */
export async function withTransport<T>(cmd: Command, fn: (transport: Transport) => Promise<T>): Promise<T> {
  const { site } = globalOptions(cmd)
  // Loaded on use: the database drivers take a while to load, and --help or a usage error needs none of them.
  const [{ startServices }, { createMemoryPrefs }, { createInProcessTransport }] = await Promise.all([
    import('../core/runtime/start-services'),
    import('../core/runtime/prefs'),
    import('../core/runtime/in-process-transport'),
  ])
  const services = await startServices({
    site,
    frontDoor: 'in-process',
    prefs: createMemoryPrefs(),
    createIfMissing: false,
  })
  try {
    return await fn(createInProcessTransport(services))
  } finally {
    await services.close()
  }
}

/** Prints a result: the JSON value with --json, otherwise the human text (skipped when empty). */
export function output(cmd: Command, value: unknown, human: () => string): void {
  if (globalOptions(cmd).json) {
    process.stdout.write(JSON.stringify(value, null, 2) + '\n')
    return
  }
  const text = human()
  if (text !== '') process.stdout.write(text.endsWith('\n') ? text : text + '\n')
}
