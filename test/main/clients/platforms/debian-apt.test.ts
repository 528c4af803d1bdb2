import { describe, expect, it } from 'vitest'
import {
  isSecuritySuite,
  parseAptCachePolicy,
  parseAptCacheShow,
  parseAptListUpgradable,
  parseDpkgQuery,
} from '../../../../main/clients/platforms/debian-apt-parsers'
import { DEBIAN_SCAN_SCRIPT, parseDebianScan } from '../../../../main/clients/platforms/debian-apt'
import { splitSections } from '../../../../main/clients/platforms/shell-sections'
import { posixQuote as shellQuote } from '../../../../main/clients/quoting'
import { fixture } from './fixtures'

describe('apt list --upgradable parser', () => {
  it('parses the real Ubuntu 17.04 output (thefuck fixture), duplicate suites and epochs included', () => {
    const rows = parseAptListUpgradable(fixture('debian/apt-list-upgradable-ubuntu1704-thefuck.txt'))
    expect(rows).toHaveLength(4)
    expect(rows[0]).toEqual({
      name: 'heroku',
      suites: ['stable'],
      version: '6.15.2-1',
      arch: 'amd64',
      installedVersion: '6.14.43-1',
    })
    expect(rows[1]!.suites).toEqual(['zesty-updates', 'zesty-updates'])
    expect(rows[2]!.version).toBe('1:4.3-3ubuntu2.17.04.1')
    expect(rows.some((r) => isSecuritySuite(r.suites))).toBe(false)
  })

  it('parses the real Debian 12 output recorded with stderr (CLI warning, blank lines, Listing...)', () => {
    const rows = parseAptListUpgradable(fixture('debian/apt-list-upgradable-debian12-with-stderr.txt'))
    expect(rows.length).toBeGreaterThan(100)
    const krb = rows.find((r) => r.name === 'krb5-locales')!
    expect(krb.suites).toEqual(['oldstable', 'oldstable-security'])
    expect(isSecuritySuite(krb.suites)).toBe(true)
    expect(isSecuritySuite(rows.find((r) => r.name === 'base-files')!.suites)).toBe(false)
  })

  it('handles edge cases: several archs, comma-separated suites, empty list, Listing... Done', () => {
    const text = [
      'Listing... Done',
      'libc6/jammy-updates,jammy-security 2.35-0ubuntu3.8 amd64 [upgradable from: 2.35-0ubuntu3.7]',
      'libc6/jammy-updates,jammy-security 2.35-0ubuntu3.8 i386 [upgradable from: 2.35-0ubuntu3.7]',
      'tzdata/bookworm-updates 2025b-0+deb12u1 all [upgradable from: 2024a-0+deb12u1]',
    ].join('\n')
    const rows = parseAptListUpgradable(text)
    expect(rows.map((r) => r.arch)).toEqual(['amd64', 'i386', 'all'])
    expect(isSecuritySuite(rows[0]!.suites)).toBe(true)
    expect(isSecuritySuite(['bookworm-updates', 'bookworm-security'])).toBe(true)
    expect(isSecuritySuite(['bookworm-updates'])).toBe(false)
    expect(isSecuritySuite(['security'])).toBe(false)
    expect(parseAptListUpgradable('')).toEqual([])
    expect(parseAptListUpgradable('Listing...\n')).toEqual([])
  })

  it('rejects a line it does not understand, naming the line', () => {
    expect(() => parseAptListUpgradable('Listing...\nE: Could not open lock file\n')).toThrow(
      /apt list output line 2 is not 'name\/suite version arch \[upgradable from: v\]': "E: Could not open lock file"/,
    )
    expect(() => parseAptListUpgradable('foo/stable 1.0 amd64 [installed]')).toThrow(/line 1/)
  })
})

describe('apt-cache and dpkg-query parsers', () => {
  it('parses real apt-cache policy blocks (Debian 12), with a version in two repositories', () => {
    const p = parseAptCachePolicy(fixture('debian/apt-cache-policy-debian12.txt'))
    expect([...p.keys()]).toEqual(['apt', 'krb5-locales', 'base-files'])
    const apt = p.get('apt')!
    expect(apt.candidate).toBe('2.6.2')
    expect(apt.versions[0]!.sources).toEqual([
      { priority: 500, uri: 'http://deb.debian.org/debian-security', dist: 'bookworm-security/main' },
    ])
    expect(apt.versions[1]!.installed).toBe(true)
    expect(p.get('krb5-locales')!.versions[0]!.sources.map((s) => s.dist)).toEqual([
      'bookworm/main',
      'bookworm-security/main',
    ])
  })

  it('parses foreign-arch headers, flat repositories and rejects garbage', () => {
    const text = [
      'libc6:i386:',
      '  Installed: 2.36-9',
      '  Candidate: (none)',
      '  Version table:',
      ' *** 2.36-9 100',
      '        500 https://cli-assets.heroku.com/branches/stable/apt ./ Packages',
      '        100 /var/lib/dpkg/status',
    ].join('\n')
    const p = parseAptCachePolicy(text).get('libc6:i386')!
    expect(p.candidate).toBe('')
    expect(p.versions[0]!.sources[0]!.dist).toBe('./')
    expect(p.versions[0]!.sources[1]).toEqual({ priority: 100, uri: '/var/lib/dpkg/status', dist: '' })
    expect(() => parseAptCachePolicy('apt:\n  Nonsense here\n')).toThrow(/apt-cache policy output line 2/)
  })

  it('parses real apt-cache show records: Size, SHA256, summary', () => {
    const r = parseAptCacheShow(fixture('debian/apt-cache-show-debian12.txt'))
    expect(r.get('apt:amd64=2.6.2')).toMatchObject({
      size: 1373116,
      sha256: '796fc7fe18866f5b1fb27a115d7339e549d71b7ddbc15b8d6fc4226c243e96d1',
      summary: 'commandline package manager',
    })
    expect(r.get('krb5-locales:all=1.20.1-2+deb12u5')!.size).toBe(63520)
    expect(() => parseAptCacheShow('Package: x\nVersion: 1\nArchitecture: all\nSize: big\n')).toThrow(/Size/)
  })

  it('parses dpkg-query lines and keeps only installed packages', () => {
    const text = 'bash\t5.2.15-2+b8\tamd64\tii \nold\t1.0\tamd64\trc \nlibc6\t2.36-9\ti386\tiW \n'
    expect(parseDpkgQuery(text)).toEqual([
      { name: 'bash', version: '5.2.15-2+b8', arch: 'amd64' },
      { name: 'libc6', version: '2.36-9', arch: 'i386' },
    ])
    expect(() => parseDpkgQuery('bash 5.2 amd64 ii')).toThrow(/dpkg-query output line 1/)
  })
})

describe('Debian combined scan', () => {
  it('parses the recorded Debian 12 scan output into a ScanResult', () => {
    const r = parseDebianScan(fixture('debian/debian12-scan-script-output.txt'))
    expect(r.platform).toBe('debian')
    expect(r.osName).toBe('Debian GNU/Linux 12 (bookworm)')
    expect(r.osVersion).toBe('12')
    expect(r.agentVersion).toMatch(/^apt \d/)
    expect(r.rebootPending).toBe(false)
    expect(r.installedPackages!.length).toBeGreaterThan(100)
    const apt = r.updates.find((u) => u.package === 'apt')!
    expect(apt).toMatchObject({
      id: 'deb:apt:amd64:2.6.2',
      vendor: 'debian',
      classification: 'Security Updates',
      installedVersion: '2.6.1',
      availableVersion: '2.6.2',
      suite: 'oldstable-security',
      origin: 'http://deb.debian.org/debian-security bookworm-security/main',
      size: 1373116,
      installed: false,
    })
    expect(apt.sha256).toMatch(/^[0-9a-f]{64}$/)
    const base = r.updates.find((u) => u.package === 'base-files')!
    expect(base.classification).toBe('Updates')
    expect(base.origin).toBe('http://deb.debian.org/debian bookworm/main')
    expect(r.updates.every((u) => u.size !== undefined && u.sha256)).toBe(true)
    expect(r.warnings).toBeUndefined()
  })

  it('reports truncated output, failed sections and stray lines clearly', () => {
    const full = fixture('debian/debian12-scan-script-output.txt')
    expect(() => parseDebianScan(full.replace('@@PATCHBAY done@@', ''))).toThrow(/incomplete/)
    expect(() => parseDebianScan(full.replace('end apt-list rc=0', 'end apt-list rc=100'))).toThrow(
      /apt-list exited with 100/,
    )
    expect(() => parseDebianScan(`Welcome to host\n${full}`)).toThrow(/line 1 is outside any section/)
    expect(() => parseDebianScan('')).toThrow(/incomplete/)
  })

  it('handles an up-to-date machine with a pending reboot', () => {
    const sec = (name: string, body: string) =>
      `@@PATCHBAY begin ${name}@@\n${body}\n@@PATCHBAY stderr ${name}@@\n\n@@PATCHBAY end ${name} rc=0@@`
    const out = [
      sec('os-release', 'NAME="Ubuntu"\nVERSION_ID="22.04"\nPRETTY_NAME="Ubuntu 22.04.4 LTS"'),
      sec('apt-version', '2.4.12'),
      sec('apt-list', 'Listing...'),
      sec('apt-cache-policy', ''),
      sec('apt-cache-show', ''),
      sec('reboot', 'yes\nlinux-image-5.15.0-105-generic\nlinux-base'),
      sec('dpkg-query', 'bash\t5.1-6ubuntu1\tamd64\tii '),
      '@@PATCHBAY done@@',
    ].join('\n')
    const r = parseDebianScan(out)
    expect(r).toMatchObject({
      osName: 'Ubuntu 22.04.4 LTS',
      osVersion: '22.04',
      rebootPending: true,
      updates: [],
    })
    expect(r.rebootReasons).toEqual(['linux-image-5.15.0-105-generic', 'linux-base'])
    expect(splitSections(out, 't', ['reboot']).get('reboot')!.stdout).toMatch(/^yes/)
  })

  it('quotes the script for any POSIX login shell', () => {
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`)
    expect(DEBIAN_SCAN_SCRIPT).not.toContain('\\\\')
    expect(DEBIAN_SCAN_SCRIPT).not.toMatch(/sudo/)
  })
})
