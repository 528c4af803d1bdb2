import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { utils } from 'ssh2'
import { describe, expect, it } from 'vitest'
import {
  formatLabInventory,
  formatLabKnownHosts,
  parseLabFaults,
  writeLabClientKey,
} from '../../../../main/clients/lab/lab-cli'
import { assignFaults, generateLabHosts, startLabFleet } from '../../../../main/clients/lab/lab-fleet'
import type { LabHost } from '../../../../main/clients/lab/lab-host'
import { newLabKey } from '../../../../main/clients/lab/lab-ssh-host'
import { mapLimit, run } from './helpers'

const NOW = () => new Date('2024-02-20T10:00:00Z')

function snapshot(h: LabHost) {
  return {
    name: h.name,
    os: `${h.osName} ${h.osVersion}`,
    packages: [...h.packages.values()],
    upgradable: h.upgradable(),
    windows: h.visibleWindowsUpdates(),
    installed: [...h.installedUpdateIds],
    hotfixes: h.hotfixes,
    bootTime: h.bootTime.toISOString(),
  }
}

describe('lab determinism', () => {
  it('same seed → same hosts and updates; another seed → a different fleet', () => {
    const a = generateLabHosts({ hosts: 200, seed: 7, now: NOW }).map(snapshot)
    const b = generateLabHosts({ hosts: 200, seed: 7, now: NOW }).map(snapshot)
    const c = generateLabHosts({ hosts: 200, seed: 8, now: NOW }).map(snapshot)
    expect(b).toEqual(a)
    expect(c).not.toEqual(a)
    expect(a.filter((h) => h.name.startsWith('lab-win-'))).toHaveLength(60)
    expect(new Set(a.map((h) => h.os)).size).toBeGreaterThanOrEqual(4)
    expect(assignFaults(200, 7, { unreachable: 0.05, slow: 0.05 })).toEqual(
      assignFaults(200, 7, { unreachable: 0.05, slow: 0.05 }),
    )
    expect(assignFaults(200, 7, { unreachable: 0.05, slow: 0.05 }).filter((f) => f !== null)).toHaveLength(20)
  })
})

describe('lab inventory', () => {
  it('writes CSV, INI and known_hosts listings and a 0600 client key ssh2 can parse', async () => {
    const fleet = await startLabFleet({ hosts: 4, seed: 3, windowsShare: 0.5 })
    try {
      const dir = mkdtempSync(join(tmpdir(), 'patchbay-lab-'))
      const keyPath = join(dir, 'keys', 'lab_ed25519')
      writeLabClientKey(keyPath, fleet.clientKey)
      expect(statSync(keyPath).mode & 0o777).toBe(0o600)
      expect(utils.parseKey(readFileSync(keyPath))).not.toBeInstanceOf(Error)
      const csv = formatLabInventory(fleet, { identityFile: keyPath }).trimEnd().split('\n')
      expect(csv[0]).toBe('name,address,port,user,identity,platform')
      expect(csv).toHaveLength(5)
      const h = fleet.hosts[0]!
      expect(csv[1]).toBe(`${h.name},127.0.0.1,${h.port},patchbay,${keyPath},${h.platform}`)
      const ini = formatLabInventory(fleet, { identityFile: keyPath, format: 'ini' })
      expect(ini).toContain('SIMULATED')
      expect(ini).toMatch(/^\[lab_windows\]\nlab-win-001 ansible_host=127\.0\.0\.1 ansible_port=\d+ /m)
      expect(formatLabKnownHosts(fleet)).toContain(`[127.0.0.1]:${h.port} ssh-ed25519 `)
      expect(parseLabFaults('unreachable=0.05, slow=10%,auth-failure=0.01')).toEqual({
        unreachable: 0.05,
        slow: 0.1,
        authFailure: 0.01,
      })
      expect(() => parseLabFaults('meteor=0.5')).toThrow(/bad lab fault/)
    } finally {
      await fleet.stop()
    }
  })
})

describe('lab scale', () => {
  it('200 hosts start and all answer `true`', async () => {
    const t0 = Date.now()
    const fleet = await startLabFleet({ hosts: 200, seed: 7 })
    const started = Date.now() - t0
    try {
      const t1 = Date.now()
      const results = await mapLimit(fleet.hosts, 25, (h) => run(fleet, h, 'true'))
      const answered = Date.now() - t1
      console.log(`lab scale: 200 hosts started in ${started} ms; all answered \`true\` in ${answered} ms`)
      expect(results.every((r) => r.code === 0)).toBe(true)
    } finally {
      await fleet.stop()
    }
  }, 60_000)
})

describe('lab keys', () => {
  it('never hands out an ed25519 key ssh2 cannot parse (ssh2#1390 leading-zero bug)', () => {
    for (let i = 0; i < 1000; i++) {
      const k = newLabKey()
      expect(utils.parseKey(k.publicKey)).not.toBeInstanceOf(Error)
      expect(utils.parseKey(k.privateKey)).not.toBeInstanceOf(Error)
    }
  })
})
