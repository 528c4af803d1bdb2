import { describe, expect, it } from 'vitest'
import { DEBIAN_SCAN_COMMAND, parseDebianScan } from '../../../../main/clients/platforms/debian-apt'
import { parseWuaScan } from '../../../../main/clients/platforms/windows-wua'
import {
  STDIN_BOOTSTRAP,
  WUA_SCAN_SCRIPT,
  compactPowerShell,
  powerShellInvocation,
  wuaScanScript,
} from '../../../../main/clients/platforms/wua-scan-script'
import { psEncoded as encodePowerShell } from '../../../../main/clients/quoting'
import { generateLabHost, type LabHost } from '../../../../main/clients/lab/lab-host'
import { LAB_IDEMPOTENCY_ENV, runLabCommand, tokenizeShell } from '../../../../main/clients/lab/lab-shell'
import { labWuaInstallCommand } from '../../../../main/clients/lab/lab-shell-windows'

const NOW = new Date('2024-02-20T10:00:00Z')
const debianHost = (index = 0) =>
  generateLabHost({ seed: 7, index, platform: 'debian', number: index + 1, now: NOW })
const windowsHost = (index = 0) =>
  generateLabHost({ seed: 7, index, platform: 'windows', number: index + 1, now: NOW })

/** The first generated host for which `pred` holds. */
function find(make: (i: number) => LabHost, pred: (h: LabHost) => boolean): LabHost {
  for (let i = 0; i < 200; i++) {
    const h = make(i)
    if (pred(h)) return h
  }
  throw new Error('no such host')
}

describe('lab shell: Debian', () => {
  it('answers DEBIAN_SCAN_COMMAND in the format parseDebianScan accepts, built from the host state', async () => {
    const host = find(debianHost, (h) => h.upgradable().length > 3 && h.debian!.id === 'debian')
    const res = await runLabCommand(host, DEBIAN_SCAN_COMMAND)
    expect(res.code).toBe(0)
    const scan = parseDebianScan(res.stdout)
    expect(scan).toMatchObject({
      platform: 'debian',
      osName: 'Debian GNU/Linux 12 (bookworm)',
      osVersion: '12',
    })
    expect(scan.agentVersion).toBe(`apt ${host.packages.get('apt')!.version}`)
    expect(scan.rebootPending).toBe(false)
    expect(scan.updates.map((u) => u.package)).toEqual(host.upgradable().map((c) => c.name))
    for (const u of scan.updates) {
      const c = host.candidates.get(u.package!)!
      expect(u).toMatchObject({
        availableVersion: c.version,
        size: c.size,
        sha256: c.sha256,
        suite: c.suites.join(','),
      })
      expect(u.classification).toBe(
        c.suites.some((s) => s.endsWith('-security')) ? 'Security Updates' : 'Updates',
      )
      expect(u.origin).toMatch(
        /^http:\/\/deb\.debian\.org\/debian(-security)? bookworm(-updates|-security)?\/main$/,
      )
    }
    expect(scan.updates.some((u) => u.classification === 'Security Updates')).toBe(true)
    expect(scan.installedPackages).toHaveLength(host.packages.size)
    expect(scan.warnings).toBeUndefined()
  })

  it('parses an Ubuntu host with multi-suite candidates', async () => {
    const host = find(debianHost, (h) => h.debian!.id === 'ubuntu' && h.upgradable().length > 0)
    const scan = parseDebianScan((await runLabCommand(host, DEBIAN_SCAN_COMMAND)).stdout)
    expect(scan.osName).toBe('Ubuntu 22.04.4 LTS')
    expect(scan.updates.some((u) => u.suite === 'jammy-updates,jammy-security')).toBe(true)
  })

  it('installs a kernel: no longer upgradable, reboot pending with its package; reboot clears it', async () => {
    const host = find(debianHost, (h) => h.upgradable().some((c) => c.name === 'linux-image-amd64'))
    const cand = host.candidates.get('linux-image-amd64')!
    const before = (await runLabCommand(host, 'uname -r')).stdout
    const res = await runLabCommand(
      host,
      `sudo DEBIAN_FRONTEND=noninteractive apt-get install -y linux-image-amd64=${cand.version}`,
      { now: () => NOW },
    )
    expect(res.code).toBe(0)
    expect(res.stdout).toContain(`Setting up linux-image-amd64 (${cand.version}) ...`)
    const scan = parseDebianScan((await runLabCommand(host, DEBIAN_SCAN_COMMAND)).stdout)
    expect(scan.updates.find((u) => u.package === 'linux-image-amd64')).toBeUndefined()
    expect(scan.installedPackages!.find((p) => p.name === 'linux-image-amd64')!.version).toBe(cand.version)
    expect(scan.rebootPending).toBe(true)
    expect(scan.rebootReasons).toEqual(['linux-image-6.1.0-21-amd64'])
    expect((await runLabCommand(host, 'cat /var/run/reboot-required')).stdout).toContain('restart required')
    expect((await runLabCommand(host, 'uname -r')).stdout).toBe(before)
    expect((await runLabCommand(host, 'reboot')).reboot).toBe(true)
    host.reboot(new Date(NOW.getTime() + 60_000))
    const after = parseDebianScan((await runLabCommand(host, DEBIAN_SCAN_COMMAND)).stdout)
    expect(after.rebootPending).toBe(false)
    expect((await runLabCommand(host, 'uname -r')).stdout).toBe('6.1.0-21-amd64\n')
    expect(host.bootTime.toISOString()).toBe('2024-02-20T10:01:00.000Z')
  })

  it('records installs once per idempotency key and counts replays', async () => {
    const host = find(debianHost, (h) => h.upgradable().length >= 2)
    const [a, b] = host.upgradable()
    const cmd = `env ${LAB_IDEMPOTENCY_ENV}=dep-1 apt-get install -y ${a!.name}=${a!.version} ${b!.name}`
    expect((await runLabCommand(host, cmd)).code).toBe(0)
    const again = await runLabCommand(host, cmd)
    expect(again.stdout).toContain(`${a!.name} is already the newest version (${a!.version}).`)
    await runLabCommand(host, `apt-get install -y ${a!.name}`, { env: { [LAB_IDEMPOTENCY_ENV]: 'dep-1' } })
    expect(host.installLog.map((r) => [r.target, r.key, r.replays])).toEqual([
      [`${a!.name}=${a!.version}`, 'dep-1', 2],
      [`${b!.name}=${b!.version}`, 'dep-1', 1],
    ])
  })

  it('fails like apt on unknown packages and versions, changing nothing', async () => {
    const host = find(debianHost, (h) => h.upgradable().length > 0)
    const c = host.upgradable()[0]!
    const unknown = await runLabCommand(host, `apt-get install -y ${c.name} no-such-pkg`)
    expect(unknown).toMatchObject({ code: 100, stderr: 'E: Unable to locate package no-such-pkg\n' })
    const badVersion = await runLabCommand(host, `apt-get install -y ${c.name}=9.9`)
    expect(badVersion).toMatchObject({
      code: 100,
      stderr: `E: Version '9.9' for '${c.name}' was not found\n`,
    })
    const sim = await runLabCommand(host, `apt-get -s install ${c.name}`)
    expect(sim.stdout).toContain(`Inst ${c.name} [`)
    expect(host.upgradable()[0]).toBe(c)
    expect(host.installLog).toEqual([])
  })

  it('answers simple commands and unknown ones like sh', async () => {
    const host = debianHost()
    expect(await runLabCommand(host, 'echo ok')).toEqual({ stdout: 'ok\n', stderr: '', code: 0 })
    expect((await runLabCommand(host, 'true')).code).toBe(0)
    expect((await runLabCommand(host, 'false')).code).toBe(1)
    expect((await runLabCommand(host, 'hostname')).stdout).toBe('lab-deb-001\n')
    expect((await runLabCommand(host, 'uname -a')).stdout).toMatch(/^Linux lab-deb-001 \S+ #1 SMP/)
    expect((await runLabCommand(host, 'cat /etc/os-release')).stdout).toContain('ID=')
    expect(await runLabCommand(host, 'frobnicate --now')).toEqual({
      stdout: '',
      stderr: 'sh: 1: frobnicate: not found\n',
      code: 127,
    })
    expect((await runLabCommand(host, 'echo "a b" && false || echo c; echo d')).stdout).toBe('a b\nc\nd\n')
    expect((await runLabCommand(host, 'powershell -Command hostname')).code).toBe(127)
    expect(tokenizeShell("echo 'unterminated")).toBeNull()
  })

  it('sleep honours cancellation', async () => {
    const ac = new AbortController()
    const started = Date.now()
    setTimeout(() => ac.abort('TERM'), 50)
    const res = await runLabCommand(debianHost(), 'sleep 30', { signal: ac.signal })
    expect(res).toMatchObject({ code: 143, signal: 'TERM' })
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

describe('lab shell: Windows', () => {
  it('answers the WUA invocation with JSON parseWuaScan accepts (KBs, classifications, hotfixes)', async () => {
    const host = find(windowsHost, (h) =>
      h.visibleWindowsUpdates().some((u) => !h.installedUpdateIds.has(u.updateId)),
    )
    const inv = powerShellInvocation(WUA_SCAN_SCRIPT)
    const res = await runLabCommand(host, inv.command, { readStdin: async () => inv.stdin ?? '' })
    expect(res.code).toBe(0)
    const scan = parseWuaScan(res.stdout)
    expect(scan).toMatchObject({ platform: 'windows', osName: host.windows!.osName, rebootPending: false })
    expect(scan.updates.length).toBe(host.visibleWindowsUpdates().length)
    for (const u of scan.updates) expect(u.kb).toMatch(/^KB\d+$/)
    const classes = new Set(scan.updates.map((u) => u.classification))
    expect(classes).toContain('Security Updates')
    expect(classes).toContain('Definition Updates')
    expect(
      scan.updates.find((u) => u.classification === 'Security Updates' && u.severity === 'Critical'),
    ).toBeTruthy()
    expect(scan.installedHotfixes!.map((h) => h.kb)).toContain(host.windows!.cumulative[0])
    const viaStdin = `powershell -NoProfile -EncodedCommand ${encodePowerShell(STDIN_BOOTSTRAP)}`
    const piped = await runLabCommand(host, viaStdin, {
      readStdin: async () => compactPowerShell(WUA_SCAN_SCRIPT),
    })
    expect(parseWuaScan(piped.stdout).updates).toEqual(scan.updates)
    const requiredOnly = powerShellInvocation(wuaScanScript({ includeInstalled: false }))
    const req = parseWuaScan((await runLabCommand(host, requiredOnly.command)).stdout)
    expect(req.updates.every((u) => !u.installed)).toBe(true)
  })

  it('installs the latest cumulative update: installed, supersedes older ones, reboot pending; reboot clears', async () => {
    const host = windowsHost(3)
    const latest = host.windows!.cumulative[2]
    const scanCmd = powerShellInvocation(WUA_SCAN_SCRIPT).command
    const res = await runLabCommand(host, labWuaInstallCommand([latest], 'dep-9'), { now: () => NOW })
    expect(res.code).toBe(0)
    expect(JSON.parse(res.stdout)).toMatchObject({ ResultCode: 2, RebootRequired: true })
    const scan = parseWuaScan((await runLabCommand(host, scanCmd)).stdout)
    const cu = scan.updates.find((u) => u.kb === latest)!
    expect(cu).toMatchObject({ installed: true, rebootRequired: true })
    for (const id of cu.supersededIds)
      expect(scan.updates.find((u) => u.id === id && !u.installed)).toBeUndefined()
    expect(scan.rebootPending).toBe(true)
    expect(scan.installedHotfixes!.map((h) => h.kb)).toContain(latest)
    await runLabCommand(host, labWuaInstallCommand([latest], 'dep-9'))
    expect(host.installLog).toHaveLength(1)
    expect(host.installLog[0]).toMatchObject({ target: latest, key: 'dep-9', replays: 1 })
    const unknown = await runLabCommand(host, labWuaInstallCommand(['KB1234567']))
    expect(unknown.code).toBe(1)
    expect(JSON.parse(unknown.stdout).Updates[0]).toMatchObject({ ResultCode: 4, HResult: '0x80240024' })
    expect((await runLabCommand(host, 'shutdown /r /t 0')).reboot).toBe(true)
    host.reboot(NOW)
    expect(parseWuaScan((await runLabCommand(host, scanCmd)).stdout).rebootPending).toBe(false)
  })

  it('answers unknown and Linux-only commands like cmd.exe', async () => {
    const host = windowsHost()
    expect((await runLabCommand(host, 'hostname')).stdout).toBe('LAB-WIN-001\n')
    expect(await runLabCommand(host, 'uname -a')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("'uname' is not recognized"),
    })
    expect((await runLabCommand(host, DEBIAN_SCAN_COMMAND)).code).toBe(1)
  })
})
