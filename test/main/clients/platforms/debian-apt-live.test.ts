import { execFileSync, spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { DEBIAN_SCAN_COMMAND, parseDebianScan } from '../../../../main/clients/platforms/debian-apt'
import {
  isSecuritySuite,
  parseAptListUpgradable,
} from '../../../../main/clients/platforms/debian-apt-parsers'
import { withMachineAptState } from '../../../support/local-apt-repo'
import { peerMissing } from '../../../support/peers'

const hasApt =
  peerMissing(
    'apt',
    spawnSync('sh', ['-c', 'command -v apt && command -v apt-cache && command -v dpkg-query']).status === 0
      ? null
      : 'apt, apt-cache or dpkg-query missing (not a Debian machine)',
  ) === null

describe.skipIf(!hasApt)(
  'LIVE: Debian scan of this machine (no SSH, same command line; skipped where apt is not installed)',
  () => {
    it('finds exactly the packages, versions and security classification that apt list --upgradable reports', async () => {
      const [output, aptList] = await withMachineAptState(async () => [
        execFileSync('sh', ['-c', DEBIAN_SCAN_COMMAND], { encoding: 'utf8', maxBuffer: 64 << 20 }),
        execFileSync('apt', ['list', '--upgradable'], {
          encoding: 'utf8',
          env: { ...process.env, LC_ALL: 'C' },
          stdio: ['ignore', 'pipe', 'ignore'],
          maxBuffer: 64 << 20,
        }),
      ])
      const scan = parseDebianScan(output)
      const direct = parseAptListUpgradable(aptList)
      const fromScan = scan.updates
        .map((u) => [u.package, u.arch, u.availableVersion, u.classification])
        .sort()
      const fromApt = direct
        .map((r) => [r.name, r.arch, r.version, isSecuritySuite(r.suites) ? 'Security Updates' : 'Updates'])
        .sort()
      expect(fromScan).toEqual(fromApt)
      expect(scan.installedPackages!.length).toBeGreaterThan(0)
    }, 400_000)
  },
)
