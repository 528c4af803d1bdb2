import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CatalogError } from '../../../../main/clients/catalog/catalog-error'
import { parsePackages } from '../../../../main/clients/catalog/apt-packages'
import { parseRelease, stripClearsign } from '../../../../main/clients/catalog/apt-release'
import { computeSupersedence } from '../../../../main/clients/catalog/apt-supersedence'

const fixture = (name: string) =>
  readFileSync(new URL(`../../../fixtures/catalog/${name}`, import.meta.url), 'utf8')
const RELEASE = fixture('Release.sample')
const PACKAGES = fixture('Packages.sample')

describe('parseRelease', () => {
  it('reads the fields and the SHA256 list', () => {
    const r = parseRelease(RELEASE, 'Release.sample')
    expect(r).toMatchObject({
      origin: 'Patchbay Test',
      label: 'Patchbay-Test',
      suite: 'testing-security',
      codename: 'sample-security',
      date: '2024-05-14T17:00:00.000Z',
      validUntil: '2024-05-21T17:00:00.000Z',
      architectures: ['amd64'],
      components: ['main'],
      acquireByHash: true,
      signed: false,
    })
    expect(r.files.get('main/binary-amd64/Packages')).toEqual({
      path: 'main/binary-amd64/Packages',
      size: Buffer.byteLength(PACKAGES),
      sha256: /^ ([0-9a-f]{64})/m.exec(RELEASE.split('SHA256:\n')[1]!)![1],
    })
  })

  it('strips a clear-signature armor, undoing dash-escaping', () => {
    const signed = `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${RELEASE.replace('Description:', '- Description:')}-----BEGIN PGP SIGNATURE-----\n\niQIzBAEBCAAdFiEE\n=abcd\n-----END PGP SIGNATURE-----\n`
    const r = parseRelease(signed, 'InRelease')
    expect(r.signed).toBe(true)
    expect(r.fields['Description']).toBe('a sample Release for parser tests')
    expect(() => stripClearsign(signed.replace(/-----END PGP SIGNATURE-----\n/, ''), 'InRelease')).toThrow(
      /not terminated/,
    )
    expect(() =>
      stripClearsign(signed.replace(/-----BEGIN PGP SIGNATURE-----[^]*/, ''), 'InRelease'),
    ).toThrow(/no "-----BEGIN PGP SIGNATURE-----"/)
  })

  it.each([
    ['no SHA256 section', RELEASE.replace(/SHA256:\n.*\n/, ''), /Release: no SHA256 section/],
    [
      'a malformed SHA256 line',
      RELEASE.replace(/^ ([0-9a-f]{64})/m, ' xyz'),
      /Release line 14: malformed SHA256 entry "xyz/,
    ],
    [
      'a short hash',
      RELEASE.replace(/^ ([0-9a-f]{60})[0-9a-f]{4}/m, ' $1'),
      /line 14: malformed SHA256 entry/,
    ],
    ['a non-field line', RELEASE.replace('Label:', 'Label'), /Release line 2: expected "Field: value"/],
    [
      'a bad date',
      RELEASE.replace('Tue, 14 May 2024', 'Someday'),
      /Date "Someday 17:00:00 UTC" is not a date/,
    ],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseRelease(text, 'Release')).toThrow(CatalogError)
    expect(() => parseRelease(text, 'Release')).toThrow(message)
  })
})

describe('parsePackages', () => {
  it('reads stanzas with continuation lines, keeping the synopsis and optional fields', () => {
    const [ssl, tz] = parsePackages(PACKAGES, 'Packages.sample')
    expect(ssl).toEqual({
      package: 'openssl',
      version: '3.0.17-1~deb12u3',
      architecture: 'amd64',
      source: 'openssl (3.0.17-1~deb12u3)',
      section: 'utils',
      priority: 'optional',
      installedSize: 2300,
      size: 1435288,
      sha256: '0b3f6a4e9c8d7f2e1a5b6c3d4e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091',
      filename: 'pool/updates/main/o/openssl/openssl_3.0.17-1~deb12u3_amd64.deb',
      description: 'Secure Sockets Layer toolkit - cryptographic utility',
      maintainer: 'Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>',
      depends: 'libc6 (>= 2.34), libssl3 (>= 3.0.9)',
      homepage: 'https://www.openssl.org/',
    })
    expect(tz).toMatchObject({ package: 'tzdata', architecture: 'all', size: 258824 })
    expect(tz!.source).toBeUndefined()
    expect(parsePackages(PACKAGES.replace(/\n/g, '\r\n'))).toHaveLength(2)
  })

  it.each([
    [
      'a missing SHA256',
      PACKAGES.replace(/^SHA256: 1a2b.*$/m, ''),
      /Packages stanza at line 24: missing SHA256/,
    ],
    [
      'a bad Size',
      PACKAGES.replace('Size: 258824', 'Size: big'),
      /stanza at line 24: Size "big" is not a number/,
    ],
    ['a bad hash', PACKAGES.replace('SHA256: 0b3f', 'SHA256: zz3f'), /stanza at line 1: SHA256 "zz3f/],
    [
      'a line without a colon',
      PACKAGES.replace('Priority: optional', 'Priority optional'),
      /Packages line 19: expected "Field: value", got "Priority optional"/,
    ],
    ['a leading continuation', ` stray\n${PACKAGES}`, /Packages line 1: continuation line before any field/],
    ['a repeated field', PACKAGES.replace('Section: utils', 'Version: 1'), /line 18: Version repeated/],
  ])('refuses %s, naming the line', (_what, text, message) => {
    expect(() => parsePackages(text)).toThrow(message)
  })

  it('parses 60k stanzas in about a second', () => {
    const stanza = PACKAGES.split('\n\n')[0]!
    const big = Array.from({ length: 60_000 }, (_, i) =>
      stanza.replace('Package: openssl', `Package: p${i}`),
    ).join('\n\n')
    const t0 = performance.now()
    expect(parsePackages(big)).toHaveLength(60_000)
    const ms = performance.now() - t0
    console.log(`[packages] 60k stanzas (${(big.length / 1e6).toFixed(1)} MB) parsed in ${ms.toFixed(0)} ms`)
    expect(ms).toBeLessThan(5000)
  })
})

describe('computeSupersedence', () => {
  it('points every older version of a package+arch at the newest, by Debian ordering', () => {
    const e = (pkg: string, arch: string, version: string) => ({
      id: `deb:${pkg}:${arch}:${version}`,
      package: pkg,
      architecture: arch,
      version,
    })
    const list = [
      e('a', 'amd64', '1.0-1'),
      e('a', 'amd64', '1.0-1+deb12u1'),
      e('a', 'amd64', '1.0~rc1-1'),
      e('a', 'i386', '0.9'),
      e('b', 'all', '1:0.1'),
      e('b', 'all', '9.9'),
    ]
    expect(Object.fromEntries(computeSupersedence(list))).toEqual({
      'deb:a:amd64:1.0-1': 'deb:a:amd64:1.0-1+deb12u1',
      'deb:a:amd64:1.0~rc1-1': 'deb:a:amd64:1.0-1+deb12u1',
      'deb:b:all:9.9': 'deb:b:all:1:0.1',
    })
  })
})
