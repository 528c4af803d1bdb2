import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compareDebianVersions, parseDebianVersion } from '../../../../main/clients/catalog/debian-version'
import { CatalogError } from '../../../../main/clients/catalog/catalog-error'
import { peerMissing } from '../../../support/peers'

const HANDPICKED: Array<[string, string]> = [
  ['1.0', '1.0'],
  ['1.0', '1.0-0'],
  ['1.0~rc1', '1.0'],
  ['1.0~rc1', '1.0~rc2'],
  ['1.0~~', '1.0~'],
  ['1.0~', '1.0'],
  ['1.0~rc1-1', '1.0-1'],
  ['1:0.9', '2.0'],
  ['0:2.0', '2.0'],
  ['2:1.0', '10:0.1'],
  ['1.0-1', '1.0-1+deb12u1'],
  ['1.0-1+deb12u1', '1.0-1+deb12u2'],
  ['1.0-1~deb12u1', '1.0-1'],
  ['3.0.17-1~deb12u2', '3.0.17-1~deb12u3'],
  ['3.0.11-1~deb12u2', '3.0.17-1~deb12u1'],
  ['1.2.3', '1.2.10'],
  ['1.02', '1.2'],
  ['1.0a', '1.0'],
  ['1.0a', '1.0+'],
  ['1.0+', '1.0.'],
  ['1.0.', '1.0+a'],
  ['1.0a', '1.0b'],
  ['1.0A', '1.0a'],
  ['1.0-1', '1.0-1.1'],
  ['1.0-a', '1.0-1'],
  ['2.36-9+deb12u13', '2.36-9+deb12u14'],
  ['7.88.1-10+deb12u12', '7.88.1-10+deb12u14'],
  ['1:2.38.1-5+deb12u3', '1:2.38.1-5+deb12u2'],
  ['6.1.0-37', '6.1.158-1'],
  ['5.10.0-0.deb10.16', '5.10.0-0.deb10.16+1'],
  ['1.0+dfsg-1', '1.0-1'],
  ['1.0+dfsg1-1', '1.0+dfsg-1'],
  ['0.0.0', '0'],
  ['0', '00'],
  ['1.0-0', '1.0'],
  ['9', '10'],
  ['1.0.0~beta1+git20200101', '1.0.0~beta1'],
  ['2:1.0~rc1-1~bpo12+1', '2:1.0~rc1-1'],
  ['1.0-1ubuntu1', '1.0-1'],
  ['1.0-1build1', '1.0-1ubuntu1'],
  ['1:1.2.13.dfsg-1', '1:1.2.13.dfsg-1+b1'],
  ['20230311', '20230311.1'],
  ['1.18.0-6+deb11u3', '1.22.1-9+deb12u2'],
  ['2.9.14+dfsg-1.3~deb12u1', '2.9.14+dfsg-1.3~deb12u4'],
]

/** Real versions from this machine's status database, when dpkg is here. */
function realVersions(): string[] {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Version}\\n'], { encoding: 'utf8' })
  return r.status === 0 ? [...new Set(r.stdout.split('\n').filter(Boolean))] : []
}

/** Runs `dpkg --compare-versions` for each pair in one shell: -1, 0 or 1 per pair. */
function dpkgCompare(pairs: Array<[string, string]>): number[] {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  const script = pairs
    .map(
      ([a, b]) =>
        `if dpkg --compare-versions ${q(a)} lt ${q(b)}; then echo -1; elif dpkg --compare-versions ${q(a)} eq ${q(b)}; then echo 0; else echo 1; fi`,
    )
    .join('\n')
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (r.status !== 0) throw new Error(r.stderr)
  return r.stdout.trim().split('\n').map(Number)
}

const dpkgSkip = peerMissing(
  'dpkg',
  existsSync('/usr/bin/dpkg') ? null : '/usr/bin/dpkg missing (not a Debian machine)',
)

describe('compareDebianVersions', () => {
  it.skipIf(dpkgSkip !== null)('agrees with dpkg --compare-versions on ≥200 pairs', () => {
    const real = realVersions()
    let seed = 42
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    const pairs: Array<[string, string]> = [
      ...HANDPICKED,
      ...HANDPICKED.map(([a, b]) => [b, a] as [string, string]),
    ]
    for (let i = 0; pairs.length < 260 && real.length > 1 && i < 1000; i++)
      pairs.push([real[rnd(real.length)]!, real[rnd(real.length)]!])
    const tweaks = ['~', '+1', '-1', '.0', 'a', '~rc1', '+deb12u1']
    for (let i = 0; i < 40 && real.length > 0; i++) {
      const v = real[rnd(real.length)]!
      pairs.push([v, v + tweaks[rnd(tweaks.length)]!])
    }
    expect(pairs.length).toBeGreaterThanOrEqual(200)
    const expected = dpkgCompare(pairs)
    const mismatches = pairs.filter((p, i) => Math.sign(compareDebianVersions(p[0], p[1])) !== expected[i])
    expect(mismatches).toEqual([])
  })

  it('orders by epoch, then upstream with ~ before the end, then revision', () => {
    expect(compareDebianVersions('1:0.1', '9.9')).toBeGreaterThan(0)
    expect(compareDebianVersions('1.0~rc1', '1.0')).toBeLessThan(0)
    expect(compareDebianVersions('1.0-1', '1.0-1+deb12u1')).toBeLessThan(0)
    expect(compareDebianVersions('1.0', '1.0-0')).toBe(0)
  })

  it('rejects versions dpkg would reject, naming them', () => {
    expect(() => parseDebianVersion('a1.0')).toThrow(CatalogError)
    expect(() => parseDebianVersion('x:1.0')).toThrow(/epoch "x"/)
    expect(() => parseDebianVersion('1.0 beta')).toThrow(/"1.0 beta"/)
  })
})
