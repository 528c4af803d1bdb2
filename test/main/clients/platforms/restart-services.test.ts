import { describe, expect, it } from 'vitest'
import { DEBIAN_SCAN_SCRIPT, parseDebianScan } from '../../../../main/clients/platforms/debian-apt'
import { RHEL_SCAN_SCRIPT, parseRhelScan } from '../../../../main/clients/platforms/rhel-dnf'
import {
  SERVICES_SECTION,
  parseNeedrestartBatch,
  parseNeedsRestartingServices,
  restartServicesCommand,
} from '../../../../main/clients/platforms/restart-services'
import { WUA_SCAN_SCRIPT } from '../../../../main/clients/platforms/wua-scan-script'
import { fixture } from './fixtures'

const sec = (name: string, body: string, rc = 0, err = '') =>
  `@@PATCHBAY begin ${name}@@\n${body}\n@@PATCHBAY stderr ${name}@@\n${err}\n@@PATCHBAY end ${name} rc=${rc}@@`

const debianScan = (reboot: string, services?: string) =>
  [
    sec(
      'os-release',
      'NAME="Debian GNU/Linux"\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
    ),
    sec('apt-version', '2.6.1'),
    sec('apt-list', 'Listing...'),
    sec('apt-cache-policy', ''),
    sec('apt-cache-show', ''),
    sec('reboot', reboot),
    sec('dpkg-query', 'bash\t5.2.15-2+b2\tamd64\tii '),
    ...(services === undefined ? [] : [services]),
    '@@PATCHBAY done@@',
  ].join('\n')

describe('needrestart -b (Debian)', () => {
  const batch = [
    'NEEDRESTART-VER: 3.6',
    'NEEDRESTART-KCUR: 6.1.0-18-amd64',
    'NEEDRESTART-KEXP: 6.1.0-21-amd64',
    'NEEDRESTART-KSTA: 3',
    'NEEDRESTART-UCSTA: 1',
    'NEEDRESTART-SVC: ssh.service',
    'NEEDRESTART-SVC: cron.service',
    'NEEDRESTART-SESS: root @ session #3',
  ].join('\n')

  it('reads the services, the kernel lines and the sessions', () => {
    expect(parseNeedrestartBatch(batch)).toEqual({
      version: '3.6',
      services: ['ssh.service', 'cron.service'],
      kernel: { current: '6.1.0-18-amd64', expected: '6.1.0-21-amd64', status: 3 },
      processes: [],
      sessions: ['root @ session #3'],
      containers: [],
    })
  })

  it('reads the output recorded on a Debian 12 machine without systemd: an init script as the service, kernel unknown', () => {
    const real = parseNeedrestartBatch(fixture('debian/needrestart-b-debian12-sysv-service.txt'))
    expect(real).toMatchObject({
      version: '3.6',
      services: ['patchbay-nrman'],
      kernel: { current: '6.18.44-fc-v1272', status: 0 },
    })
    // KSTA 0 (unknown, as in a container) is not a reason to restart the machine.
    const r = parseDebianScan(
      debianScan('no', sec(SERVICES_SECTION, fixture('debian/needrestart-b-debian12-sysv-service.txt'))),
    )
    expect(r).toMatchObject({
      rebootPending: false,
      rebootReasons: [],
      services: { services: ['patchbay-nrman'] },
    })
  })

  it('refuses what needrestart never prints, naming the line', () => {
    expect(() => parseNeedrestartBatch('Scanning processes...')).toThrow(
      /line 1 is not "NEEDRESTART-KEY: value"/,
    )
    expect(() => parseNeedrestartBatch('NEEDRESTART-FOO: 1')).toThrow(/unknown key "NEEDRESTART-FOO"/)
    expect(() => parseNeedrestartBatch('NEEDRESTART-KSTA: 9')).toThrow(/KSTA must be 0 to 3/)
    expect(() => parseNeedrestartBatch("NEEDRESTART-SVC: a'; rm -rf /")).toThrow(/does not name a service/)
    expect(() =>
      parseNeedrestartBatch(
        Array.from({ length: 501 }, (_, i) => `NEEDRESTART-SVC: s${i}.service`).join('\n'),
      ),
    ).toThrow(/more than 500/)
  })

  it('a scan records the services, and a pending kernel as a restart reason', () => {
    const r = parseDebianScan(debianScan('no', sec(SERVICES_SECTION, batch)))
    expect(r.rebootPending).toBe(true)
    expect(r.rebootReasons).toEqual(['kernel 6.1.0-18-amd64 → 6.1.0-21-amd64'])
    expect(r.services).toEqual({
      services: ['ssh.service', 'cron.service'],
      note: '',
      kernelReason: 'kernel 6.1.0-18-amd64 → 6.1.0-21-amd64',
    })
  })

  it('does not name the kernel twice when reboot-required.pkgs already lists it', () => {
    const r = parseDebianScan(
      debianScan('yes\nlinux-image-6.1.0-21-amd64\nlibc6', sec(SERVICES_SECTION, batch)),
    )
    expect(r.rebootReasons).toEqual(['linux-image-6.1.0-21-amd64', 'libc6'])
  })

  it('a current kernel and no services: nothing pending, no services', () => {
    const r = parseDebianScan(
      debianScan(
        'no',
        sec(SERVICES_SECTION, 'NEEDRESTART-VER: 3.6\nNEEDRESTART-KCUR: 6.1.0-21-amd64\nNEEDRESTART-KSTA: 1'),
      ),
    )
    expect(r).toMatchObject({ rebootPending: false, rebootReasons: [], services: { services: [], note: '' } })
  })

  it('never fails the scan: no needrestart, not root, a failed run or unreadable output become a note', () => {
    const missing = parseDebianScan(
      debianScan('no', sec(SERVICES_SECTION, '', 127, 'needrestart is not installed')),
    )
    expect(missing.services).toEqual({ services: null, note: 'needrestart is not installed' })
    expect(missing.updates).toEqual([])
    const user = parseDebianScan(
      debianScan(
        'no',
        sec(SERVICES_SECTION, '', 126, 'needrestart lists services only as root; the scan connects as ops'),
      ),
    )
    expect(user.services).toEqual({
      services: null,
      note: 'needrestart lists services only as root; the scan connects as ops',
    })
    const failed = parseDebianScan(debianScan('no', sec(SERVICES_SECTION, '', 2, 'Error: cannot read /proc')))
    expect(failed.services).toEqual({
      services: null,
      note: 'needrestart exited with 2: Error: cannot read /proc',
    })
    const garbage = parseDebianScan(debianScan('no', sec(SERVICES_SECTION, 'hello')))
    expect(garbage.services!.services).toBeNull()
    expect(garbage.services!.note).toMatch(/line 1 is not "NEEDRESTART-KEY: value"/)
    // An older scan script without the section.
    expect(parseDebianScan(debianScan('no')).services).toEqual({
      services: null,
      note: 'needrestart was not run',
    })
  })

  it('the scan script asks needrestart in list mode, as root only, and says when it is missing', () => {
    expect(DEBIAN_SCAN_SCRIPT).toContain('"$nr" -b -r l')
    expect(DEBIAN_SCAN_SCRIPT).toContain('needrestart is not installed')
    expect(DEBIAN_SCAN_SCRIPT).toContain('[ "$(id -u)" != 0 ]')
    expect(DEBIAN_SCAN_SCRIPT).not.toMatch(/sudo/)
  })
})

describe('needs-restarting (RHEL)', () => {
  const rhelScan = (nr: string, services?: string) =>
    [
      sec('os-release', 'NAME="Fedora Linux"\nVERSION_ID="40"\nID=fedora'),
      sec('advisories', '[]'),
      sec('needs-restarting', nr),
      sec('rpm', 'bash\t5.2.26-3.fc40\tx86_64'),
      ...(services === undefined ? [] : [services]),
      '@@PATCHBAY done@@',
    ].join('\n')

  it('records the reasons from the recorded dnf5 outputs and the services of needs-restarting -s', () => {
    const r = parseRhelScan(
      rhelScan(
        fixture('rhel/dnf5-needs-restarting-reboot-required.txt'),
        sec(SERVICES_SECTION, 'sshd.service\nchronyd.service\n'),
      ),
    )
    expect(r).toMatchObject({ rebootPending: true, rebootReasons: ['glibc', 'kernel'] })
    expect(r.services).toEqual({ services: ['sshd.service', 'chronyd.service'], note: '' })
    const none = parseRhelScan(
      rhelScan(fixture('rhel/dnf5-needs-restarting-not-required.txt'), sec(SERVICES_SECTION, '')),
    )
    expect(none).toMatchObject({
      rebootPending: false,
      rebootReasons: [],
      services: { services: [], note: '' },
    })
  })

  it('refuses a line that is not a unit, and a missing tool is a note', () => {
    expect(() =>
      parseNeedsRestartingServices('sshd.service\nUpdating Subscription Management repositories.'),
    ).toThrow(/does not name a service/)
    const r = parseRhelScan(
      rhelScan(
        fixture('rhel/dnf5-needs-restarting-not-required.txt'),
        sec(SERVICES_SECTION, '', 127, 'needs-restarting is not installed'),
      ),
    )
    expect(r.services).toEqual({ services: null, note: 'needs-restarting -s is not installed' })
    expect(RHEL_SCAN_SCRIPT).toContain('needs-restarting -s')
  })
})

describe('Windows restart reasons', () => {
  it('the scan names CBS, WindowsUpdate, SystemInfo and PendingFileRenameOperations', () => {
    for (const reason of ["'CBS'", "'WindowsUpdate'", "'SystemInfo'", "'PendingFileRenameOperations'"])
      expect(WUA_SCAN_SCRIPT).toContain(`$reasons += ${reason}`)
    expect(WUA_SCAN_SCRIPT).toContain(
      String.raw`Get-ItemProperty 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -Name PendingFileRenameOperations`,
    )
  })
})

describe('restarting services', () => {
  it('quotes each service and refuses anything but service names', () => {
    const c = restartServicesCommand(['ssh.service', 'cron'])
    expect(c).toMatch(/ patchbay-restart-services 'ssh\.service' 'cron'$/)
    expect(c).toContain('systemctl restart -- "$@"')
    expect(() => restartServicesCommand(['a;reboot'])).toThrow(/not a service name/)
    expect(() => restartServicesCommand(['-x'])).toThrow(/not a service name/)
    expect(() => restartServicesCommand([])).toThrow(/at least one/)
  })
})
