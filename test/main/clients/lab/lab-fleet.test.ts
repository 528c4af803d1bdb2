import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEBIAN_SCAN_COMMAND, parseDebianScan } from '../../../../main/clients/platforms/debian-apt'
import { parseWuaScan } from '../../../../main/clients/platforms/windows-wua'
import { WUA_SCAN_SCRIPT, powerShellInvocation } from '../../../../main/clients/platforms/wua-scan-script'
import { startLabFleet, type LabFleet } from '../../../../main/clients/lab/lab-fleet'
import { LAB_IDEMPOTENCY_ENV } from '../../../../main/clients/lab/lab-shell'
import { labWuaInstallCommand } from '../../../../main/clients/lab/lab-shell-windows'
import { connect, connectError, exec, mapLimit, run, until } from './helpers'

describe('lab fleet of 20', () => {
  let fleet: LabFleet
  beforeAll(async () => {
    fleet = await startLabFleet({ hosts: 20, seed: 7, rebootDowntimeMs: 300 })
  })
  afterAll(() => fleet?.stop())

  const first = (platform: 'debian' | 'windows', pred: (name: string) => boolean = () => true) =>
    fleet.hosts.find((h) => h.platform === platform && pred(h.name))!

  it('lists 20 simulated loopback hosts, 30% Windows, each on its own port with its own key', () => {
    expect(fleet.hosts).toHaveLength(20)
    expect(fleet.hosts.filter((h) => h.platform === 'windows')).toHaveLength(6)
    expect(new Set(fleet.hosts.map((h) => h.port)).size).toBe(20)
    expect(new Set(fleet.hosts.map((h) => h.hostKeyFingerprint)).size).toBe(20)
    for (const h of fleet.hosts) {
      expect(h).toMatchObject({ address: '127.0.0.1', user: 'patchbay', fault: null, simulated: true })
      expect(h.name).toMatch(h.platform === 'debian' ? /^lab-deb-\d{3}$/ : /^lab-win-\d{3}$/)
      expect(h.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    }
    expect(fleet.clientKey.privateKey).toContain('BEGIN OPENSSH PRIVATE KEY')
    expect(fleet.clientKey.publicKey).toMatch(/^ssh-ed25519 /)
  })

  it('every host answers `echo ok` with the client key and presents its advertised key', async () => {
    await mapLimit(fleet.hosts, 10, async (h) => {
      const { client, fingerprint } = await connect(fleet, h)
      expect(fingerprint).toBe(h.hostKeyFingerprint)
      expect(await exec(client, 'echo ok')).toMatchObject({ stdout: 'ok\n', code: 0 })
      client.end()
    })
  })

  it('accepts the fleet password and runs up to 10 channels at once on one connection (the 11th is refused)', async () => {
    const { client } = await connect(fleet, fleet.hosts[0]!, { password: fleet.password })
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => exec(client, `sleep 0.2 && echo ${i}`)),
    )
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 10 }, (_, i) => `${i}\n`))
    const eleven = await Promise.allSettled(Array.from({ length: 11 }, () => exec(client, 'sleep 0.2')))
    expect(eleven.filter((r) => r.status === 'rejected')).toHaveLength(1)
    client.end()
  })

  it('Debian: scan parses; install with an idempotency key → installed, reboot pending; reboot clears it', async () => {
    const h = first('debian', (n) =>
      fleet
        .state(n)
        .upgradable()
        .some((c) => c.name.startsWith('linux-image-')),
    )
    const model = fleet.state(h.name)
    const kernel = model.upgradable().find((c) => c.name.startsWith('linux-image-'))!
    const before = parseDebianScan((await run(fleet, h, DEBIAN_SCAN_COMMAND)).stdout)
    expect(before.updates.map((u) => u.package)).toContain(kernel.name)
    expect(before.rebootPending).toBe(false)
    const install = `DEBIAN_FRONTEND=noninteractive apt-get install -y ${kernel.name}=${kernel.version}`
    const env = { [LAB_IDEMPOTENCY_ENV]: 'deploy-1/step-1' }
    expect((await run(fleet, h, install, { env })).code).toBe(0)
    expect((await run(fleet, h, install, { env })).code).toBe(0)
    expect(model.installLog).toMatchObject([
      { target: `${kernel.name}=${kernel.version}`, key: 'deploy-1/step-1', replays: 1 },
    ])
    const after = parseDebianScan((await run(fleet, h, DEBIAN_SCAN_COMMAND)).stdout)
    expect(after.updates.map((u) => u.package)).not.toContain(kernel.name)
    expect(after.rebootPending).toBe(true)
    expect(after.rebootReasons![0]).toMatch(/^linux-image-/)

    const bootBefore = model.bootTime.getTime()
    const { client } = await connect(fleet, h)
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
    expect((await exec(client, 'sudo systemctl reboot')).code).toBe(0)
    await closed // the host drops its connections when it goes down
    expect((await connectError(fleet, h)).code).toBe('ECONNREFUSED')
    await until(async () =>
      connect(fleet, h).then(
        ({ client: c }) => (c.end(), true),
        () => false,
      ),
    )
    const rebooted = parseDebianScan((await run(fleet, h, DEBIAN_SCAN_COMMAND)).stdout)
    expect(rebooted.rebootPending).toBe(false)
    expect(model.bootTime.getTime()).toBeGreaterThan(bootBefore)
  })

  it('Windows: the WUA invocation answers JSON with KBs and classifications; installs change it', async () => {
    const h = first('windows')
    const model = fleet.state(h.name)
    const inv = powerShellInvocation(WUA_SCAN_SCRIPT)
    const scan = parseWuaScan((await run(fleet, h, inv.command, { stdin: inv.stdin })).stdout)
    expect(scan).toMatchObject({ platform: 'windows', osName: model.windows!.osName })
    expect(scan.updates.every((u) => /^KB\d+$/.test(u.kb!))).toBe(true)
    expect(new Set(scan.updates.map((u) => u.classification))).toContain('Security Updates')
    const pending = scan.updates.find((u) => !u.installed && u.classification === 'Definition Updates')
    const latest = model.windows!.cumulative[2]
    const res = await run(fleet, h, labWuaInstallCommand([latest, ...(pending ? [pending.id] : [])], 'dep-2'))
    expect(res.code).toBe(0)
    const again = parseWuaScan((await run(fleet, h, inv.command, { stdin: inv.stdin })).stdout)
    expect(again.updates.find((u) => u.kb === latest)!.installed).toBe(true)
    expect(again.rebootPending).toBe(true)
  })

  it('setFault and rotateHostKey act at runtime; stop closes every port', async () => {
    const h = fleet.hosts[1]!
    await fleet.setFault(h.name, 'unreachable')
    expect(h.fault).toBe('unreachable')
    expect((await connectError(fleet, h)).code).toBe('ECONNREFUSED')
    await fleet.setFault(h.name, null)
    expect((await run(fleet, h, 'true')).code).toBe(0)
    const rotated = fleet.rotateHostKey(h.name)
    expect(rotated).not.toBe(h.hostKeyFingerprint)
    expect((await connect(fleet, h)).fingerprint).toBe(rotated)
  })
})

describe('lab fleet stop', () => {
  it('closes every port', async () => {
    const fleet = await startLabFleet({ hosts: 3, seed: 2 })
    expect((await run(fleet, fleet.hosts[2]!, 'true')).code).toBe(0)
    await fleet.stop()
    for (const h of fleet.hosts) expect((await connectError(fleet, h)).code).toBe('ECONNREFUSED')
  })

  it('refuses non-loopback addresses', async () => {
    await expect(startLabFleet({ hosts: 1, bind: '10.0.0.1' })).rejects.toThrow(/127\.x\.y\.z only/)
  })
})
