import { execFileSync } from 'node:child_process'
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostKeyDto } from '../../../shared/dto/client-access'
import type { InventoryDto } from '../../../shared/dto/inventory'
import type { JobDto } from '../../../shared/dto/job'
import type { ResourceDto } from '../../../shared/dto/resource'
import type { UpdateDto } from '../../../shared/dto/update'
import { parseAptListUpgradable } from '../../../main/clients/platforms/debian-apt-parsers'
import { startSshd, sshdSkipReason, type TestSshd } from '../../support/sshd'
import { ensureCliBuilt, lines, makeSiteDir, runCli, runJson } from './cli-harness'
import { withMachineAptState } from '../../support/local-apt-repo'

const skip = sshdSkipReason()

/** What `apt list --upgradable` says on this machine, as "name version" rows. */
function aptSaysUpgradable(): string[] {
  const out = execFileSync('apt', ['list', '--upgradable'], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 << 20,
  })
  return parseAptListUpgradable(out)
    .map((r) => `${r.name} ${r.version}`)
    .sort()
}

describe.skipIf(skip !== null)(
  'patchbay client, scan, exec, updates and hostkeys against a real sshd',
  () => {
    const tmp = makeSiteDir()
    const site = ['--site', tmp.site]
    const key = join(tmp.dir, 'id_ed25519')
    const wrongKey = join(tmp.dir, 'wrong_ed25519')
    let sshd: TestSshd
    let connection: string[]

    beforeAll(async () => {
      await ensureCliBuilt()
      sshd = await startSshd()
      writeFileSync(key, sshd.privateKey, { mode: 0o600 })
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrongKey])
      chmodSync(wrongKey, 0o600)
      connection = ['--port', String(sshd.port), '--user', sshd.user]
      await runJson(['site', 'init', '--code', 'SSH', '--name', 'Ssh', ...site], tmp.env)
    }, 60_000)
    afterAll(async () => {
      await sshd?.stop()
      tmp.cleanup()
    })

    it('without consent, client add reports the unknown key and how to trust it; hostkeys trust checks the fingerprint', async () => {
      const run = await runCli(
        ['client', 'add', '127.0.0.1', '--name', 'first-look', ...connection, '--identity', key, ...site],
        tmp.env,
      )
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(/^Added client \d+ "first-look" \(127\.0\.0\.1:\d+\)\.$/m)
      expect(lines(run.stderr)).toHaveLength(1)
      expect(run.stderr).toContain(`unknown host key ${sshd.hostKeyFingerprint}`)
      expect(run.stderr).toContain(
        `patchbay hostkeys trust first-look --fingerprint ${sshd.hostKeyFingerprint}`,
      )

      const wrong = await runCli(
        ['hostkeys', 'trust', 'first-look', '--fingerprint', `SHA256:${'A'.repeat(43)}`, ...site],
        tmp.env,
      )
      expect(wrong.code).toBe(1)
      expect(wrong.stderr).toMatch(/^patchbay: first-look presented SHA256:\S+, not SHA256:A{43}\n$/)
      const trusted = await runJson<HostKeyDto>(
        ['hostkeys', 'trust', 'first-look', '--fingerprint', sshd.hostKeyFingerprint, ...site],
        tmp.env,
      )
      expect(trusted).toMatchObject({ fingerprint: sshd.hostKeyFingerprint, port: sshd.port })
      const keys = await runJson<HostKeyDto[]>(['hostkeys', 'list', ...site], tmp.env)
      expect(keys).toEqual([
        expect.objectContaining({ fingerprint: sshd.hostKeyFingerprint, resourceNames: ['first-look'] }),
      ])

      const removed = await runCli(['hostkeys', 'remove', 'first-look', ...site], tmp.env)
      expect(removed.code).toBe(0)
      expect(removed.stdout).toMatch(/^Removed the trusted host key of first-look \(127\.0\.0\.1:\d+\)/)
      expect((await runCli(['client', 'remove', 'first-look', ...site], tmp.env)).code).toBe(0)
    }, 60_000)

    it('client add --trust-new-host-key detects Debian and prints the fingerprint', async () => {
      const run = await runCli(
        [
          'client',
          'add',
          '127.0.0.1',
          '--name',
          'this-machine',
          ...connection,
          '--identity',
          key,
          '--trust-new-host-key',
          ...site,
        ],
        tmp.env,
      )
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/^Connected: .*\(debian\)\.$/m)
      expect(run.stdout).toContain(`Host key: ${sshd.hostKeyFingerprint} (trusted).`)
      const [client] = await runJson<ResourceDto[]>(['client', 'list', ...site], tmp.env)
      expect(client).toMatchObject({
        name: 'this-machine',
        platform: 'debian',
        authMethod: 'key',
        identityFile: key,
        hostKeyFingerprint: sshd.hostKeyFingerprint,
      })
    }, 60_000)

    it('scan exits 0, and updates list --state required is what apt list --upgradable reports', async () => {
      await withMachineAptState(async () => {
        const run = await runCli(['scan', '--client', 'this-machine', ...site], tmp.env)
        expect(run.stderr).toBe('')
        expect(run.code).toBe(0)
        expect(run.stdout).toMatch(/^this-machine\s+127\.0\.0\.1\s+succeeded\s+\d+ required/m)
        const required = await runJson<UpdateDto[]>(
          ['updates', 'list', '--client', 'this-machine', '--state', 'required', ...site],
          tmp.env,
        )
        expect(required.map((u) => `${u.package} ${u.availableVersion}`).sort()).toEqual(aptSaysUpgradable())
        for (const u of required)
          expect(u).toMatchObject({
            state: 'required',
            id: expect.any(String),
            title: expect.any(String),
            classification: expect.any(String),
          })

        const table = await runCli(['updates', 'list', ...site], tmp.env)
        const [header, ...rows] = lines(table.stdout)
        expect(header).toMatch(
          /^ID\s+Title\/Package\s+Version\s+Classification\s+Source\s+Superseded\s+Required\s+Installed\s+Not Req\.\s+Unknown$/,
        )
        // No catalog source was synced here: every update is one the client reported.
        expect(rows.length).toBeGreaterThan(0)
        expect(rows.every((r) => r.includes('reported by clients'))).toBe(true)
      })
    }, 400_000) // may wait for a deployment test holding the machine's apt state

    it('inventory show has the installed software after the scan', async () => {
      const inv = await runJson<InventoryDto>(
        ['inventory', 'show', '--client', 'this-machine', ...site],
        tmp.env,
      )
      expect(inv.software.length).toBeGreaterThan(0)
      expect(inv.software.some((s) => s.name === 'openssh-server')).toBe(true)
    }, 60_000)

    it('exec prints each host output, and names a host whose command failed with its exit code', async () => {
      // Independent runs on the same client, started together.
      const [ok, bad, json] = await Promise.all([
        runCli(['exec', '--client', 'this-machine', ...site, '--', 'echo', 'hi'], tmp.env),
        runCli(['exec', '--client', 'this-machine', ...site, '--', 'sh', '-c', 'exit 3'], tmp.env),
        runCli(['exec', '--client', 'this-machine', '--json', ...site, '--', 'echo $((6*7))'], tmp.env),
      ])
      expect(ok.code).toBe(0)
      expect(ok.stdout).toBe('== this-machine (exit 0)\nhi\n')
      expect(bad.code).toBe(1)
      expect(bad.stdout).toBe('== this-machine (exit 3)\n')
      expect(lines(bad.stderr)).toEqual([`patchbay: this-machine (127.0.0.1:${sshd.port}): exit code 3`])
      const job = JSON.parse(json.stdout) as JobDto
      expect(job.hosts[0]).toMatchObject({ exitCode: 0, stdout: '42\n', state: 'succeeded' })
    }, 60_000)

    it('a wrong identity fails with one line naming authentication, and the client stays', async () => {
      const run = await runCli(
        ['client', 'add', '127.0.0.1', '--name', 'wrong-key', ...connection, '--identity', wrongKey, ...site],
        tmp.env,
      )
      expect(run.code).toBe(1)
      expect(lines(run.stderr)).toHaveLength(1)
      expect(run.stderr).toMatch(
        /^patchbay: wrong-key \(127\.0\.0\.1:\d+\): authentication failed for user patchbay-test/,
      )
      const scan = await runCli(['scan', '--client', 'wrong-key', '--force', ...site], tmp.env)
      expect(scan.code).toBe(1)
      expect(lines(scan.stderr)).toEqual([
        expect.stringMatching(/^patchbay: wrong-key \(127\.0\.0\.1:\d+\): authentication failed/),
      ])
    }, 60_000)

    it('secret set reads stdin only, and needs the vault passphrase in CLI mode', async () => {
      const vault = { ...tmp.env, PATCHBAY_VAULT_PASSPHRASE: 'test vault passphrase' }
      const [noVault, empty] = await Promise.all([
        runCli(['secret', 'set', 'wrong-key', '--password', ...site], tmp.env, undefined, 's3cret\n'),
        runCli(['secret', 'set', 'wrong-key', '--password', ...site], vault, undefined, ''),
      ])
      expect(noVault.code).toBe(1)
      expect(lines(noVault.stderr)).toHaveLength(1)
      expect(noVault.stderr).toMatch(/PATCHBAY_VAULT_PASSPHRASE/)
      expect(empty.code).toBe(2)
      expect(empty.stderr).toMatch(/^patchbay: no password on stdin/)
      const stored = await runCli(
        ['secret', 'set', 'wrong-key', '--password', '--json', ...site],
        vault,
        undefined,
        's3cret\n',
      )
      expect(stored.code).toBe(0)
      expect(JSON.parse(stored.stdout)).toMatchObject({ hasSecret: true, kind: 'password' })
      expect(stored.stdout).not.toContain('s3cret')
      const cleared = await runJson(['secret', 'clear', 'wrong-key', ...site], vault)
      expect(cleared).toMatchObject({ hasSecret: false })
    }, 60_000)
  },
)
