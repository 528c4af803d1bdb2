import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import {
  isSecuritySuite,
  parseAptListUpgradable,
} from '../../../../main/clients/platforms/debian-apt-parsers'
import { createMemoryPrefs } from '../../../../main/core/runtime/prefs'
import type { Services } from '../../../../main/core/runtime/services'
import { initSite } from '../../../../main/core/runtime/site-init'
import { startServices } from '../../../../main/core/runtime/start-services'
import { createInProcessTransport } from '../../../../main/core/runtime/in-process-transport'
import { startSshd, sshdSkipReason, type TestSshd } from '../../../support/sshd'
import { withMachineAptState } from '../../../support/local-apt-repo'

const skip = sshdSkipReason()

/** What `apt list --upgradable` says on this machine, as (package, arch, version, classification) rows. */
function aptSaysUpgradable(): string[][] {
  const out = execFileSync('apt', ['list', '--upgradable'], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 << 20,
  })
  return parseAptListUpgradable(out)
    .map((r) => [r.name, r.arch, r.version, isSecuritySuite(r.suites) ? 'Security Updates' : 'Updates'])
    .sort()
}

describe.skipIf(skip !== null)(
  'scanning a real client over a real sshd (this machine, through 127.0.0.1)',
  () => {
    let sshd: TestSshd
    let services: Services
    let api: Transport
    let resourceId: number
    const dir = mkdtempSync(join(tmpdir(), 'pb-scan-'))
    const keyFile = join(dir, 'id_ed25519')
    const wrongKeyFile = join(dir, 'wrong_ed25519')

    beforeAll(async () => {
      sshd = await startSshd()
      writeFileSync(keyFile, sshd.privateKey, { mode: 0o600 })
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrongKeyFile])
      chmodSync(wrongKeyFile, 0o600)
      const site = join(dir, 'site.db')
      await initSite({ site, code: 'LAB', name: 'Lab' })
      services = await startServices({
        site,
        frontDoor: 'in-process',
        prefs: createMemoryPrefs(),
        ssh: { connectTimeoutMs: 5000, commandTimeoutMs: 120_000 },
      })
      api = createInProcessTransport(services)
      const r = await api.invoke('resources:create', {
        name: 'this-machine',
        address: '127.0.0.1',
        port: sshd.port,
        user: sshd.user,
        authMethod: 'key',
        identityFile: keyFile,
      })
      resourceId = r.id
    }, 120_000)

    afterAll(async () => {
      await services?.close()
      await sshd?.stop()
    })

    const scan = async (force = true, trustNewHostKeys = false) => {
      const job = await api.invoke('clients:scan', {
        targets: { resourceIds: [resourceId] },
        force,
        trustNewHostKeys,
      })
      return services.wait(job.id)
    }

    it('refuses an unknown host key without consent and names its SHA256 fingerprint; trusts it once the admin confirms', async () => {
      const refused = await scan()
      expect(refused.state).toBe('failed')
      expect(refused.hosts[0]).toMatchObject({
        errorKind: 'host-key-unknown',
        fingerprint: sshd.hostKeyFingerprint,
      })
      await expect(
        api.invoke('hostkeys:trust', { resourceId, fingerprint: 'SHA256:' + 'A'.repeat(43) }),
      ).rejects.toMatchObject({ code: 'conflict', field: 'fingerprint' })
      const trusted = await api.invoke('hostkeys:trust', { resourceId, fingerprint: sshd.hostKeyFingerprint })
      expect(trusted).toMatchObject({ fingerprint: sshd.hostKeyFingerprint, resourceNames: ['this-machine'] })
    })

    it('finds exactly what apt list --upgradable reports: names, versions and security classification', async () => {
      // No deployment test may add or remove its test package while the scan and apt are compared.
      const { job, required, upgradable } = await withMachineAptState(async () => {
        const job = await scan()
        const required = await api.invoke('updates:list', { resourceId, state: 'required' })
        return { job, required, upgradable: aptSaysUpgradable() }
      })
      expect(job.hosts[0]).toMatchObject({ state: 'succeeded', errorKind: null })
      const client = await api.invoke('resources:list', {})
      expect(client[0]).toMatchObject({
        platform: 'debian',
        osFamily: 'linux',
        scanStateId: 3,
        lastError: '',
      })
      const fromScan = required
        .map((u) => [u.package, u.id.split(':')[2], u.availableVersion, u.classification])
        .sort()
      expect(fromScan).toEqual(upgradable)
      // The Update Repository counts this client as Required for each of them, the moment the scan is recorded.
      const repository = await api.invoke('updates:list', {})
      expect(repository.filter((u) => u.required === 1)).toHaveLength(required.length)
      expect(repository.every((u) => u.unknown === 0)).toBe(true)
      // The Debian family collection picked the client up once its platform was detected.
      expect(
        (await api.invoke('collections:list', {})).find((c) => c.name === 'All Debian and Ubuntu Systems')!
          .memberCount,
      ).toBe(1)
      // State messages: 500/2 per required update, 501/3 for the scan.
      const messages = await api.invoke('state:list', { resourceId })
      expect(messages.filter((m) => m.topicType === 500 && m.stateId === 2)).toHaveLength(required.length)
      expect(messages.find((m) => m.topicType === 501)).toMatchObject({
        stateId: 3,
        stateName: 'Scan completed',
      })
    }, 400_000)

    it('connects to a new client entry, detecting its platform without a scan', async () => {
      const r = await api.invoke('resources:create', {
        name: 'same-machine-again',
        address: '127.0.0.1',
        port: sshd.port,
        user: sshd.user,
        authMethod: 'key',
        identityFile: keyFile,
      })
      const job = await services.wait(
        (await api.invoke('clients:connect', { targets: { resourceIds: [r.id] } })).id,
      )
      expect(job.hosts[0], job.hosts[0]!.message).toMatchObject({ state: 'succeeded' })
      expect(job.hosts[0]!.message).toMatch(/\(debian\)$/)
      const after = (await api.invoke('resources:list', {})).find((x) => x.id === r.id)!
      expect(after).toMatchObject({
        platform: 'debian',
        lastScanAt: null,
        hostKeyFingerprint: sshd.hostKeyFingerprint,
      })
      // A client with job history can still be deleted; the job keeps its record of the host.
      await api.invoke('resources:delete', { ids: [r.id] })
      expect((await api.invoke('jobs:get', { id: job.id })).hosts[0]).toMatchObject({
        name: 'same-machine-again',
        state: 'succeeded',
      })
    })

    it('skips an unforced scan within the scan TTL and writes no new state', async () => {
      const before = (await api.invoke('state:list', { resourceId })).length
      const job = await scan(false)
      expect(job.hosts[0]).toMatchObject({ state: 'skipped' })
      expect(job.hosts[0]!.message).toMatch(/within the scan TTL/)
      expect((await api.invoke('state:list', { resourceId })).length).toBe(before)
    })

    it('runs a command and keeps each host exit code and output', async () => {
      const ok = await services.wait(
        (
          await api.invoke('clients:exec', {
            targets: { resourceIds: [resourceId] },
            command: 'echo ok; id -un',
          })
        ).id,
      )
      expect(ok.hosts[0]).toMatchObject({ state: 'succeeded', exitCode: 0, stdout: `ok\n${sshd.user}\n` })
      const bad = await services.wait(
        (
          await api.invoke('clients:exec', {
            targets: { resourceIds: [resourceId] },
            command: 'echo nope >&2; exit 3',
          })
        ).id,
      )
      expect(bad.state).toBe('failed')
      expect(bad.hosts[0]).toMatchObject({ state: 'failed', exitCode: 3, message: 'exit code 3: nope' })
    })

    it('reports a wrong key as an authentication failure', async () => {
      await api.invoke('resources:update', { id: resourceId, identityFile: wrongKeyFile })
      const job = await scan()
      expect(job.hosts[0]).toMatchObject({ state: 'failed', errorKind: 'auth-failed' })
      await api.invoke('resources:update', { id: resourceId, identityFile: keyFile })
    })

    it('refuses a changed host key every time, even with consent to new keys, until the old key is removed', async () => {
      const newFingerprint = await sshd.rotateHostKey()
      for (const trustNew of [false, true]) {
        const job = await scan(true, trustNew)
        expect(job.hosts[0]).toMatchObject({ errorKind: 'host-key-changed', fingerprint: newFingerprint })
      }
      expect((await api.invoke('resources:list', {}))[0]!.lastError).toMatch(/host key changed/)
      await expect(api.invoke('hostkeys:trust', { resourceId, fingerprint: newFingerprint })).rejects.toThrow(
        /remove it first/,
      )
      await api.invoke('hostkeys:remove', { resourceId })
      const job = await scan(true, true)
      expect(job.hosts[0]).toMatchObject({ state: 'succeeded' })
      expect((await api.invoke('hostkeys:list', {}))[0]!.fingerprint).toBe(newFingerprint)
    })
  },
)

describe('a client reached by PowerShell remoting', () => {
  it.skipIf(process.platform === 'win32')(
    'is refused on a console host that is not Windows, saying why',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pb-winrm-'))
      const site = join(dir, 'site.db')
      await initSite({ site, code: 'LAB', name: 'Lab' })
      const services = await startServices({ site, frontDoor: 'in-process', prefs: createMemoryPrefs() })
      try {
        const api = createInProcessTransport(services)
        const r = await api.invoke('resources:create', {
          name: 'ws01',
          address: '127.0.0.9',
          transport: 'winrm',
          platform: 'windows',
        })
        const job = await services.wait(
          (await api.invoke('clients:scan', { targets: { resourceIds: [r.id] }, force: true })).id,
        )
        expect(job.hosts[0]).toMatchObject({ state: 'failed', errorKind: 'unsupported-platform' })
        expect(job.hosts[0]!.message).toMatch(/PowerShell remoting needs a Windows console host/)
      } finally {
        await services.close()
      }
    },
  )
})
