import { execFileSync, spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  DEBIAN_SCAN_COMMAND,
  parseDebianScan,
  debianScanCommand,
} from '../../../../main/clients/platforms/debian-apt'
import {
  APT_LOCK_TIMEOUT_SECONDS,
  APT_SUCCESS_STAMP,
  parseListsAge,
  parsePackageLists,
  scanCommandLine,
} from '../../../../main/clients/platforms/package-lists'
import {
  RHEL_SCAN_COMMAND,
  RHEL_SCAN_SCRIPT,
  rhelScanCommand,
} from '../../../../main/clients/platforms/rhel-dnf'
import { splitSections, type Section } from '../../../../main/clients/platforms/shell-sections'
import {
  SUSE_SCAN_COMMAND,
  SUSE_SCAN_SCRIPT,
  suseScanCommand,
} from '../../../../main/clients/platforms/suse-zypper'
import { withMachineAptState } from '../../../support/local-apt-repo'

const sec = (stdout: string, stderr = '', rc = 0): Section => ({ stdout, stderr, rc })
const sections = (refresh: Section, before = 'now=1765000000\nnewest=1764990000', after = before) =>
  new Map([
    ['lists-age', sec(before)],
    ['refresh', refresh],
    ['lists-age-after', sec(after)],
  ])

// What apt-get update 2.6.1 printed on this machine for a flat repository whose server had stopped: it exits 0.
const APT_UNREACHABLE_STDOUT = [
  'failed',
  'Ign:1 http://127.0.0.1:18931 ./ InRelease',
  'Err:1 http://127.0.0.1:18931 ./ InRelease',
  '  Could not connect to 127.0.0.1:18931 (127.0.0.1). - connect (111: Connection refused)',
  'Reading package lists...',
].join('\n')
const APT_UNREACHABLE_STDERR = [
  'W: Failed to fetch http://127.0.0.1:18931/./InRelease  Could not connect to 127.0.0.1:18931 (127.0.0.1). - connect (111: Connection refused)',
  'W: Some index files failed to download. They have been ignored, or old ones used instead.',
].join('\n')

describe('parseListsAge', () => {
  it('answers now - newest on the client clock, null for none, 0 for a file dated in the future', () => {
    expect(parseListsAge('now=1765000000\nnewest=1764996400\n')).toBe(3600)
    expect(parseListsAge('now=1765000000\nnewest=none')).toBeNull()
    expect(parseListsAge('now=1765000000\nnewest=1765000100')).toBe(0)
  })

  it('refuses anything else with the line it could not read', () => {
    expect(() => parseListsAge('now=abc\nnewest=1')).toThrow(/first line is not now=/)
    expect(() => parseListsAge('now=1\nnewest=-5')).toThrow(/second line is not newest=/)
    expect(() => parseListsAge('now=1')).toThrow(/got 1 lines/)
    expect(() => parseListsAge('now=1\nnewest=1\nextra=2')).toThrow(/got 3 lines/)
    expect(() => parseListsAge('now=99999999999999\nnewest=1')).toThrow(/first line/)
    expect(() => parseListsAge('now=9999999999999\nnewest=1')).toThrow(/past the year/)
  })
})

describe('parsePackageLists', () => {
  it('a skipped refresh keeps the age before; a done one takes the age after', () => {
    expect(parsePackageLists(sections(sec('skipped')), 'scan')).toEqual({
      ageSeconds: 10_000,
      refresh: 'skipped',
    })
    const done = sections(
      sec('done\nGet:1 http://127.0.0.1:41234 ./ Release [1,016 B]\nReading package lists...'),
      'now=1765000000\nnewest=1764990000',
      'now=1765000002\nnewest=1765000001',
    )
    expect(parsePackageLists(done, 'scan')).toEqual({ ageSeconds: 1, refresh: 'refreshed' })
  })

  it("a failed refresh keeps the old age and says why, from apt's W:/E: lines", () => {
    const failed = sections(
      sec(APT_UNREACHABLE_STDOUT, APT_UNREACHABLE_STDERR, 0),
      'now=1765000000\nnewest=1764800000',
      'now=1765000003\nnewest=1765000003',
    )
    const fact = parsePackageLists(failed, 'scan')!
    expect(fact.refresh).toBe('failed')
    expect(fact.ageSeconds).toBe(200_000)
    expect(fact.refreshError).toMatch(/^exit 0: W: Failed to fetch http:\/\/127\.0\.0\.1:18931/)
    expect(fact.refreshError).toMatch(/Some index files failed to download/)
  })

  it('a failed refresh without stderr names the exit code; a non-root user is named', () => {
    expect(parsePackageLists(sections(sec('failed', '', 1)), 'scan')!.refreshError).toBe('exit 1')
    expect(parsePackageLists(sections(sec('not-root patchbay-test')), 'scan')).toEqual({
      ageSeconds: 10_000,
      refresh: 'failed',
      refreshError: 'not run: the scan connects as patchbay-test, and refreshing package lists needs root',
    })
  })

  it('is absent for output of a script without the lists sections, and strict when they are there', () => {
    expect(parsePackageLists(new Map([['os-release', sec('ID=debian')]]), 'scan')).toBeUndefined()
    expect(() => parsePackageLists(new Map([['lists-age', sec('now=1\nnewest=1')]]), 'scan')).toThrow(
      /without its refresh/,
    )
    expect(() => parsePackageLists(sections(sec('maybe')), 'scan')).toThrow(/must start with skipped/)
  })
})

describe('scanCommandLine', () => {
  it('without a refresh request is the plain command (deployments rescan with it)', () => {
    expect(debianScanCommand()).toBe(DEBIAN_SCAN_COMMAND)
    expect(rhelScanCommand()).toBe(RHEL_SCAN_COMMAND)
    expect(suseScanCommand()).toBe(SUSE_SCAN_COMMAND)
  })

  it('passes the threshold and each apt option as quoted arguments; refuses bad ones', () => {
    const cmd = debianScanCommand({ afterSeconds: 3600, aptOptions: ["Dir::Etc::sourcelist=/tmp/a b'c"] })
    expect(cmd.endsWith(` patchbay-scan 3600 -o 'Dir::Etc::sourcelist=/tmp/a b'\\''c'`)).toBe(true)
    expect(() => scanCommandLine('true', { afterSeconds: -1 })).toThrow(/whole number/)
    expect(() => scanCommandLine('true', { afterSeconds: 1.5 })).toThrow(/whole number/)
    expect(() => scanCommandLine('true', { afterSeconds: 0, aptOptions: ['-o evil'] })).toThrow(/Name=value/)
  })

  it('the scripts bound the apt lock wait, run no sudo, and refresh with the platform tools', () => {
    expect(DEBIAN_SCAN_COMMAND).toContain(`DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_SECONDS}`)
    expect(DEBIAN_SCAN_COMMAND).toContain(APT_SUCCESS_STAMP)
    expect(RHEL_SCAN_SCRIPT).toContain('makecache --refresh')
    expect(SUSE_SCAN_SCRIPT).toContain('zypper --non-interactive refresh')
    for (const c of [DEBIAN_SCAN_COMMAND, RHEL_SCAN_COMMAND, SUSE_SCAN_COMMAND]) expect(c).not.toMatch(/sudo/)
  })
})

const hasApt = spawnSync('sh', ['-c', 'command -v apt-get && command -v stat']).status === 0

describe.skipIf(!hasApt)('LIVE: the lists sections on this machine (sh, no SSH)', () => {
  it('a scan that never refreshes reports the age of the newest list file and skips the refresh', async () => {
    let started = 0
    const out = await withMachineAptState(async () => {
      // The lists' age is measured first thing; the rest of the scan (needrestart included) takes seconds.
      started = Math.floor(Date.now() / 1000)
      return execFileSync('sh', ['-c', DEBIAN_SCAN_COMMAND], { encoding: 'utf8', maxBuffer: 64 << 20 })
    })
    const lists = parseDebianScan(out).packageLists!
    expect(lists.refresh).toBe('skipped')
    const listsDir = '/var/lib/apt/lists'
    const files = execFileSync(
      'sh',
      ['-c', `ls ${listsDir}/*Release ${listsDir}/*_Packages* 2>/dev/null || true`],
      {
        encoding: 'utf8',
      },
    )
      .split('\n')
      .filter(Boolean)
    for (const stamp of [APT_SUCCESS_STAMP, '/var/lib/apt/periodic/update-stamp'])
      if (spawnSync('test', ['-e', stamp]).status === 0) files.push(stamp)
    if (files.length === 0) return expect(lists.ageSeconds).toBeNull()
    const newest = Math.max(...files.map((f) => Math.floor(statSync(f).mtimeMs / 1000)))
    expect(lists.ageSeconds!).toBeGreaterThanOrEqual(started - newest - 1)
    expect(lists.ageSeconds!).toBeLessThanOrEqual(started - newest + 5)
  }, 120_000) // may wait for another test file holding the machine's apt state

  it('the RHEL and SUSE lists sections read as "none" where dnf and zypper keep no cache', () => {
    for (const command of [RHEL_SCAN_COMMAND, SUSE_SCAN_COMMAND]) {
      const r = spawnSync('sh', ['-c', command], { encoding: 'utf8', maxBuffer: 64 << 20 })
      const fact = parsePackageLists(splitSections(r.stdout, 'scan', ['lists-age']), 'scan')!
      expect(fact.refresh).toBe('skipped')
      if (spawnSync('sh', ['-c', 'ls -d /var/cache/dnf /var/cache/libdnf5 /var/cache/zypp']).status !== 0)
        expect(fact.ageSeconds).toBeNull()
    }
  })
})
