import { describe, expect, it } from 'vitest'
import { DEBIAN_SCAN_COMMAND, parseDebianScan } from '../../../../main/clients/platforms/debian-apt'
import { restartServicesCommand } from '../../../../main/clients/platforms/restart-services'
import { generateLabHost, type LabHost } from '../../../../main/clients/lab/lab-host'
import { runLabCommand } from '../../../../main/clients/lab/lab-shell'

const NOW = new Date('2024-02-20T10:00:00Z')

function debianHostWith(pkg: string): LabHost {
  for (let i = 0; i < 200; i++) {
    const h = generateLabHost({ seed: 11, index: i, platform: 'debian', number: i + 1, now: NOW })
    if (h.upgradable().some((c) => c.name === pkg)) return h
  }
  throw new Error(`no lab host can upgrade ${pkg}`)
}

const scan = async (host: LabHost) => parseDebianScan((await runLabCommand(host, DEBIAN_SCAN_COMMAND)).stdout)

describe('lab Debian hosts answer needrestart -b', () => {
  it('a fresh host: kernel current, no services to restart', async () => {
    const r = await scan(debianHostWith('libssl3'))
    expect(r.services).toEqual({ services: [], note: '' })
    expect(r.rebootPending).toBe(false)
  })

  it('upgrading libssl3 leaves ssh and cron on the old library, without a restart of the machine; restarting them clears it', async () => {
    const host = debianHostWith('libssl3')
    const res = await runLabCommand(host, 'DEBIAN_FRONTEND=noninteractive apt-get install -y libssl3', {
      now: () => NOW,
    })
    expect(res.code).toBe(0)
    const after = await scan(host)
    expect(after.rebootPending).toBe(false)
    expect(after.services!.services).toEqual(['ssh.service', 'cron.service'])
    const restart = await runLabCommand(host, restartServicesCommand(['ssh.service', 'cron.service']))
    expect(restart).toMatchObject({ code: 0, stdout: 'Restarting ssh.service\nRestarting cron.service\n' })
    expect((await scan(host)).services!.services).toEqual([])
  })

  it("a new kernel shows in needrestart's kernel lines; a reboot clears services and kernel alike", async () => {
    const host = debianHostWith('linux-image-amd64')
    await runLabCommand(host, 'apt-get install -y linux-image-amd64', { now: () => NOW })
    if (host.upgradable().some((c) => c.name === 'libssl3'))
      await runLabCommand(host, 'apt-get install -y libssl3', { now: () => NOW })
    const out = (await runLabCommand(host, DEBIAN_SCAN_COMMAND)).stdout
    expect(out).toContain(`NEEDRESTART-KCUR: ${host.runningKernel}`)
    expect(out).toContain('NEEDRESTART-KSTA: 3')
    const r = parseDebianScan(out)
    expect(r.rebootPending).toBe(true)
    expect(r.rebootReasons![0]).toMatch(/^linux-image-/)
    host.reboot(new Date(NOW.getTime() + 60_000))
    const clean = await scan(host)
    expect(clean).toMatchObject({ rebootPending: false, services: { services: [], note: '' } })
    expect((await runLabCommand(host, DEBIAN_SCAN_COMMAND)).stdout).toContain('NEEDRESTART-KSTA: 1')
  })
})
