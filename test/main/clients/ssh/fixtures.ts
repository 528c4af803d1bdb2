import { readFileSync } from 'node:fs'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { Client, type ClientChannel } from 'ssh2'
import { MemoryHostKeyStore, hostKeyFromBlob } from '../../../../main/clients/ssh/host-keys'
import type { SshTarget } from '../../../../main/clients/ssh/types'
import type { TestSshd } from '../../../support/sshd'

/** A key-auth target for the test sshd (override any field). */
export function targetFor(s: TestSshd, overrides: Partial<SshTarget> = {}): SshTarget {
  return {
    host: s.host,
    port: s.port,
    user: s.user,
    auth: { kind: 'key', privateKey: s.privateKey },
    ...overrides,
  }
}

/** A store that already trusts the sshd's current host key (as an admin would have provisioned it). */
export function trustingStore(s: TestSshd, port = s.port): MemoryHostKeyStore {
  const store = new MemoryHostKeyStore()
  const blob = Buffer.from(readFileSync(s.hostKeyPub, 'utf8').split(/\s+/)[1] ?? '', 'base64')
  store.trust(s.host, port, hostKeyFromBlob(blob))
  return store
}

/** A TCP relay on 127.0.0.1 to a port, counting connections; it can drop the first ones or everything. */
export interface Relay {
  port: number
  /** Connections accepted so far. */
  accepted: number
  /** Destroys every relayed connection (a network drop mid-command). */
  dropAll(): void
  close(): Promise<void>
}

/** Starts a relay to `127.0.0.1:toPort`; the first `dropFirst` connections are reset right after accept. */
export async function startRelay(toPort: number, dropFirst = 0): Promise<Relay> {
  const sockets = new Set<Socket>()
  const relay: Relay = {
    port: 0,
    accepted: 0,
    dropAll: () => sockets.forEach((s) => s.destroy()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  const server: Server = createServer((client) => {
    relay.accepted++
    if (relay.accepted <= dropFirst) {
      client.resetAndDestroy()
      return
    }
    const upstream = connect(toPort, '127.0.0.1')
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => undefined)
      s.on('close', () => {
        sockets.delete(s)
        client.destroy()
        upstream.destroy()
      })
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  relay.port = (server.address() as { port: number }).port
  return relay
}

/** Counts ssh exec channels open at once across every ssh2 Client (wraps Client.prototype.exec). */
export function countChannels(): { readonly open: number; readonly max: number; restore(): void } {
  type ExecCb = (err: Error | undefined, ch: ClientChannel) => void
  type Exec = (this: Client, command: string, ...rest: unknown[]) => Client
  const proto = Client.prototype as unknown as { exec: Exec }
  const original = proto.exec
  const counter = { open: 0, max: 0, restore: () => (proto.exec = original) }
  proto.exec = function (this: Client, command: string, ...rest: unknown[]) {
    const cb = rest.pop() as ExecCb
    return original.call(this, command, ...rest, (err: Error | undefined, ch: ClientChannel) => {
      if (!err) {
        counter.open++
        counter.max = Math.max(counter.max, counter.open)
        ch.once('close', () => counter.open--)
      }
      cb(err, ch)
    })
  }
  return counter
}
