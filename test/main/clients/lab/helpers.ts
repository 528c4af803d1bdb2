import { Client, type ConnectConfig } from 'ssh2'
import { createHash } from 'node:crypto'
import type { LabFleet, LabHostEntry } from '../../../../main/clients/lab/lab-fleet'

/** A connected ssh2 client plus the host key fingerprint the server presented. */
export interface Connected {
  client: Client
  fingerprint: string
}

/** Connects to a lab host with the fleet's client key (or the given auth). */
export function connect(
  fleet: LabFleet,
  host: LabHostEntry,
  auth: Partial<ConnectConfig> = { privateKey: fleet.clientKey.privateKey },
): Promise<Connected> {
  return new Promise((resolve, reject) => {
    const client = new Client()
    let fingerprint = ''
    client
      .on('ready', () => resolve({ client, fingerprint }))
      .on('error', reject)
      .connect({
        host: host.address,
        port: host.port,
        username: host.user,
        readyTimeout: 10_000,
        hostVerifier: (key: Buffer) => {
          fingerprint = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`
          return true
        },
        ...auth,
      })
  })
}

/** What an exec produced; `code` stays undefined when the connection closed before an exit status. */
export interface ExecResult {
  stdout: string
  stderr: string
  code?: number
  signal?: string
  ms: number
}

/** Runs one command on a channel of an open connection. */
export function exec(
  client: Client,
  command: string,
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<ExecResult> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    client.exec(command, { env: options.env ?? {} }, (err, ch) => {
      if (err) return reject(err)
      const res: ExecResult = { stdout: '', stderr: '', ms: 0 }
      ch.on('data', (d: Buffer) => (res.stdout += d.toString()))
      ch.stderr.on('data', (d: Buffer) => (res.stderr += d.toString()))
      ch.on('exit', (code: number | null, signal?: string) => {
        if (code !== null) res.code = code
        if (signal) res.signal = signal
      })
      ch.on('close', () => {
        res.ms = Date.now() - started
        resolve(res)
      })
      if (options.stdin !== undefined) ch.end(options.stdin)
    })
  })
}

/** Connects, runs one command, disconnects. */
export async function run(
  fleet: LabFleet,
  host: LabHostEntry,
  command: string,
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<ExecResult> {
  const { client } = await connect(fleet, host)
  try {
    return await exec(client, command, options)
  } finally {
    client.end()
  }
}

/** The error a connection attempt fails with. */
export async function connectError(fleet: LabFleet, host: LabHostEntry): Promise<Error & { code?: string }> {
  try {
    const { client } = await connect(fleet, host, {
      privateKey: fleet.clientKey.privateKey,
      password: fleet.password,
    })
    client.end()
  } catch (err) {
    return err as Error & { code?: string }
  }
  throw new Error(`${host.name} accepted the connection`)
}

/** Runs fn over items with at most `limit` at once. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (t: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

/** Waits until pred() holds (polling), or throws after timeoutMs. */
export async function until(pred: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}
