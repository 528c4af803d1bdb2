import { describe, expect, it } from 'vitest'
import { advisoryClassification, parseNevra } from '../../../../main/clients/platforms/linux-advisory'
import {
  RHEL_SCAN_SCRIPT,
  dnfUpdate,
  parseDnf5AdvisoryJson,
  parseDnfAdvisoryTable,
  parseNeedsRestarting,
  parseRhelScan,
} from '../../../../main/clients/platforms/rhel-dnf'
import {
  SUSE_SCAN_SCRIPT,
  parseSuseScan,
  parseZypperPackageUpdates,
  parseZypperPatches,
} from '../../../../main/clients/platforms/suse-zypper'
import { parseXml } from '../../../../main/clients/platforms/xml-lite'
import { fixture } from './fixtures'

const sec = (name: string, body: string, rc = 0) =>
  `@@PATCHBAY begin ${name}@@\n${body}\n@@PATCHBAY stderr ${name}@@\n\n@@PATCHBAY end ${name} rc=${rc}@@`

describe('RHEL dnf parsers (dnf5 outputs recorded by the ci-dnf-stack test harness)', () => {
  it('parses dnf5 updateinfo list --json with custom types and severities', () => {
    const rows = parseDnf5AdvisoryJson(fixture('rhel/dnf5-updateinfo-list-json-custom-types.json.txt'))
    expect(rows).toHaveLength(5)
    const updates = rows.map((r) => dnfUpdate(r))
    expect(updates[0]).toMatchObject({
      id: 'FEDORA-2019-57b5902ed1/labirinto-1.56.2-6.fc30.x86_64',
      vendor: 'redhat',
      classification: 'Security Updates',
      severity: 'Critical',
      package: 'labirinto',
      availableVersion: '1.56.2-6.fc30',
      arch: 'x86_64',
      releaseDate: '2019-09-15T01:34:29.000Z',
    })
    expect(updates.map((u) => [u.classification, u.severity])).toEqual([
      ['Security Updates', 'Critical'],
      ['Updates', ''],
      ['Security Updates', ''],
      ['Critical Updates', 'Critical'],
      ['Security Updates', 'Moderate'],
    ])
    expect(parseDnf5AdvisoryJson('[]')).toEqual([])
    expect(() => parseDnf5AdvisoryJson('[{"name":"X"}]')).toThrow(/invalid at 0\.type/)
  })

  it('parses the dnf5 advisory table and dnf4-style lines, and rejects junk', () => {
    const rows = parseDnfAdvisoryTable(fixture('rhel/dnf5-advisory-list-table.txt'))
    expect(rows.map((r) => [r.advisory, r.type, r.severity])).toEqual([
      ['FEDORA-2019-57b5902ed1', 'security', 'Critical'],
      ['FEDORA-2019-f4eb34cf4c', 'security', 'Moderate'],
      ['FEDORA-2022-2222222222', 'custom_type', 'custom_severity'],
      ['FEDORA-2022-2222222223', 'security', 'custom_severity'],
      ['FEDORA-2022-2222222224', 'custom_type', 'Critical'],
    ])
    // dnf4 shape (synthetic line; no recorded dnf4 output is available)
    expect(parseDnfAdvisoryTable('RHSA-2024:1234 Important/Sec. openssl-1:3.0.7-27.el9.x86_64\n')[0]).toEqual(
      {
        advisory: 'RHSA-2024:1234',
        type: 'security',
        severity: 'Important',
        nevra: 'openssl-1:3.0.7-27.el9.x86_64',
      },
    )
    expect(parseNevra('openssl-1:3.0.7-27.el9.x86_64')).toEqual({
      name: 'openssl',
      evr: '1:3.0.7-27.el9',
      arch: 'x86_64',
    })
    expect(() => parseDnfAdvisoryTable('Error: Failed to download metadata for repo')).toThrow(/line 1/)
  })

  it('parses needs-restarting text and JSON', () => {
    expect(parseNeedsRestarting(fixture('rhel/dnf5-needs-restarting-reboot-required.txt'))).toEqual({
      rebootRequired: true,
      packages: ['glibc', 'kernel'],
    })
    expect(parseNeedsRestarting(fixture('rhel/dnf5-needs-restarting-not-required.txt')).rebootRequired).toBe(
      false,
    )
    expect(parseNeedsRestarting(fixture('rhel/dnf5-needs-restarting-json.json.txt'))).toEqual({
      rebootRequired: true,
      packages: ['glibc', 'kernel'],
    })
    expect(() => parseNeedsRestarting('')).toThrow(/neither/)
  })

  it('parses a combined RHEL scan and keeps the installed version', () => {
    const out = [
      sec('os-release', 'NAME="Fedora Linux"\nVERSION_ID=30\nPRETTY_NAME="Fedora 30"'),
      sec('advisories', fixture('rhel/dnf5-updateinfo-list-json-custom-types.json.txt')),
      sec('needs-restarting', fixture('rhel/dnf5-needs-restarting-reboot-required.txt')),
      sec('rpm', 'labirinto\t1.56.2-1.fc30\tx86_64\nbash\t5.0.7-1.fc30\tx86_64'),
      '@@PATCHBAY done@@',
    ].join('\n')
    const r = parseRhelScan(out)
    expect(r).toMatchObject({ platform: 'rhel', osName: 'Fedora 30', osVersion: '30', rebootPending: true })
    expect(r.updates[0]!.installedVersion).toBe('1.56.2-1.fc30')
    expect(RHEL_SCAN_SCRIPT).toContain('advisory list --updates --json')
  })
})

describe('SUSE zypper parsers (real zypper --xmlout outputs)', () => {
  it('parses list-patches from SLES 15 SP1, blocked patches included, with the category/severity mapping', () => {
    const patches = parseZypperPatches(fixture('suse/zypper-xmlout-list-patches-sles15sp1-01.xml'))
    expect(patches).toHaveLength(60)
    expect(patches[0]).toMatchObject({
      id: 'SUSE-SLE-Module-Basesystem-15-SP1-2019-2742',
      vendor: 'suse',
      title: 'Recommended update for libzypp, zypper, libsolv and PackageKit',
      classification: 'Updates',
      severity: 'Important',
      vendorClassification: 'recommended',
      installed: false,
      rebootRequired: false,
      origin: 'Basesystem_Module_15_SP1_x86_64:SLE-Module-Basesystem15-SP1-Updates',
    })
    const security = patches.filter((p) => p.classification === 'Security Updates')
    expect(security).toHaveLength(19)
    expect(security.every((p) => p.vendorClassification === 'security')).toBe(true)
    expect(advisoryClassification('recommended', 'critical')).toBe('Critical Updates')
    expect(advisoryClassification('feature', 'low')).toBe('Feature Packs')
  })

  it('parses list-updates (kind=package) from SLES 12 SP1', () => {
    const ups = parseZypperPackageUpdates(fixture('suse/salt-zypper-xmlout-list-updates-sles12sp1.xml'))
    expect(ups.map((u) => u.id)).toEqual([
      'rpm:SUSEConnect:x86_64:0.2.33-7.1',
      'rpm:bind-libs:x86_64:9.9.6P1-35.1',
      'rpm:bind-utils:x86_64:9.9.6P1-35.1',
    ])
    expect(ups[0]!.origin).toBe('SLE12-SP1-x86_64-Update')
  })

  it('rejects malformed XML and zypper errors clearly', () => {
    expect(() => parseXml('<stream><update name="a"></stream>', 't')).toThrow(
      /<\/stream> does not close <update>/,
    )
    expect(() => parseXml('<stream><update name=a/></stream>', 't')).toThrow(/malformed tag/)
    expect(() => parseXml('<stream>a & b</stream>', 't')).toThrow(/bare "&"/)
    expect(() => parseXml('<stream>', 't')).toThrow(/ends inside <stream>/)
    expect(() =>
      parseZypperPatches(
        `<?xml version='1.0'?><stream><message type="error">System management is locked</message></stream>`,
      ),
    ).toThrow(/no <update-status> in the output: System management is locked/)
    expect(parseXml(`<a x="&lt;&#65;&apos;"/>`, 't').attrs.x).toBe(`<A'`)
  })

  it('parses a combined SUSE scan', () => {
    const out = [
      sec('os-release', 'NAME="SLES"\nVERSION_ID="15.1"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP1"'),
      sec('patches', fixture('suse/zypper-xmlout-list-patches-sles15sp1-01.xml')),
      sec('reboot', 'no'),
      sec('rpm', 'zypper\t1.14.27-3.8.1\tx86_64'),
      '@@PATCHBAY done@@',
    ].join('\n')
    const r = parseSuseScan(out)
    expect(r).toMatchObject({ platform: 'suse', osVersion: '15.1', rebootPending: false })
    expect(r.updates).toHaveLength(60)
    expect(SUSE_SCAN_SCRIPT).toContain('--xmlout list-patches')
  })
})
