import { createServer, type AddressInfo } from 'node:net'
import { Server, utils } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryHostKeyStore, SshPool, type SshTarget } from '../../../../main/clients/ssh'

/**
 * A host that confirms an exec and sends its output, exit status, EOF and close in one synchronous burst,
 * so they reach the client in the same read as the exec confirmation (as a fast host on loopback can).
 */
describe('a host that answers in the same packet burst as the exec confirmation', () => {
  const hostKey = utils.generateKeyPairSync('ecdsa', { bits: 256 })
  const clientKey = utils.generateKeyPairSync('ecdsa', { bits: 256 })
  let port = 0
  const tcp = createServer()
  const ssh = new Server({ hostKeys: [hostKey.private] }, (conn) => {
    conn.on('error', () => undefined)
    conn.on('authentication', (ctx) =>
      ctx.method === 'publickey' ? ctx.accept() : ctx.reject(['publickey']),
    )
    conn.on('ready', () =>
      conn.on('session', (accept) => {
        const session = accept()
        session.on('exec', (acceptExec, _reject, info) => {
          const ch = acceptExec()
          ch.write(`ran ${info.command}\n`)
          ch.exit(Number(info.command.split(' ')[1] ?? 0))
          ch.end()
        })
      }),
    )
  })

  beforeAll(async () => {
    tcp.on('connection', (socket) => ssh.injectSocket(socket))
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve))
    port = (tcp.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => tcp.close(() => resolve())))

  it('still reports every exit code', async () => {
    const pool = new SshPool({ hostKeys: new MemoryHostKeyStore(), trustNewHostKeys: true })
    const target: SshTarget = {
      host: '127.0.0.1',
      port,
      user: 'u',
      auth: { kind: 'key', privateKey: clientKey.private },
    }
    try {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => pool.exec(target, `exit ${i % 3}`)),
      )
      expect(results.map((r) => r.exitCode)).toEqual(Array.from({ length: 100 }, (_, i) => i % 3))
      expect(results.every((r, i) => r.stdout === `ran exit ${i % 3}\n`)).toBe(true)
    } finally {
      await pool.close()
    }
  })
})
