import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cabextractAvailable } from '../../../../main/clients/catalog/wsus-cab'
import { readWsusDetails } from '../../../../main/clients/catalog/wsus-details'
import { cabForRevision, parseWsusIndexXml } from '../../../../main/clients/catalog/wsus-index'
import {
  parseExtendedProperties,
  parseLocalizedProperties,
} from '../../../../main/clients/catalog/wsus-properties'
import { peerMissing } from '../../../support/peers'
import { WSUSSCN2_FIXTURE, buildWsusscn2, gcabSkipReason, manyFiles } from './wsusscn2-builder'

const fixture = (path: string) => readFileSync(join(WSUSSCN2_FIXTURE, path), 'utf8')

describe('index.xml', () => {
  it('lists the detail cabs by RANGESTART and finds the cab of a revision', () => {
    const cabs = parseWsusIndexXml(fixture('index.xml'))
    expect(cabs).toEqual([
      { name: 'package2.cab', rangeStart: 0 },
      { name: 'package3.cab', rangeStart: 1000 },
    ])
    expect(cabForRevision(cabs, 0)).toBe('package2.cab')
    expect(cabForRevision(cabs, 999)).toBe('package2.cab')
    expect(cabForRevision(cabs, 1000)).toBe('package3.cab')
    expect(cabForRevision(cabs, 45_415_921)).toBe('package3.cab')
  })

  it.each([
    [
      'a path outside the cab',
      '<CAB NAME="../evil.cab" RANGESTART="0" />',
      /CAB NAME "\.\.\/evil\.cab" is not packageN\.cab/,
    ],
    [
      'an absolute path',
      '<CAB NAME="/etc/passwd" RANGESTART="0" />',
      /CAB NAME "\/etc\/passwd" is not packageN\.cab/,
    ],
    [
      'a non-numeric range',
      '<CAB NAME="package2.cab" RANGESTART="-1" />',
      /RANGESTART "-1" is not a non-negative integer/,
    ],
    [
      'a repeated cab',
      '<CAB NAME="package2.cab" RANGESTART="0" /><CAB NAME="PACKAGE2.cab" RANGESTART="5" />',
      /CAB "PACKAGE2\.cab" is listed twice/,
    ],
    ['a DOCTYPE', '', /DOCTYPE declaration is not accepted/],
  ])('refuses %s, naming the line', (_what, cabs, error) => {
    const xml = cabs
      ? `<INDEX VERSION="1">\n<CABLIST XOR="0">\n${cabs}</CABLIST></INDEX>`
      : '<!DOCTYPE INDEX [<!ENTITY x "y">]><INDEX><CABLIST /></INDEX>'
    expect(() => parseWsusIndexXml(xml, 'index.xml')).toThrow(error)
    if (cabs) expect(() => parseWsusIndexXml(xml, 'index.xml')).toThrow(/^index\.xml line 3: /)
  })
})

describe('per-revision metadata files', () => {
  it('reads an l/<lang> file: title, description and URLs', () => {
    expect(parseLocalizedProperties(fixture('package3/l/en/1500'), 'l/en/1500')).toEqual({
      language: 'en',
      title: '2024-05 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5037771)',
      description: expect.stringMatching(/^Install this update to resolve issues in Windows\./),
      moreInfoUrl: 'https://support.microsoft.com/help/5037771',
      supportUrl: 'https://support.microsoft.com/help/5037771',
    })
  })

  it('reads an x fragment (several top-level elements): severity, KB, support URL', () => {
    expect(parseExtendedProperties(fixture('package3/x/1500'), 'x/1500')).toEqual({
      msrcSeverity: 'Important',
      kbArticleIds: ['5037771'],
      securityBulletinIds: [],
      supportUrl: 'https://support.microsoft.com/help/5037771',
    })
    // The Defender definition's x file is ExtendedProperties followed by HandlerSpecificData, and has no severity.
    expect(parseExtendedProperties(fixture('package3/x/1501'), 'x/1501')).toEqual({
      kbArticleIds: ['2267602'],
      securityBulletinIds: [],
      supportUrl: 'https://go.microsoft.com/fwlink/?LinkId=52661',
    })
    const two = parseExtendedProperties(
      '<?xml version="1.0"?><ExtendedProperties MsrcSeverity="critical"><SecurityBulletinID>MS17-010</SecurityBulletinID>' +
        '<KBArticleID>4012212</KBArticleID><KBArticleID>4012215</KBArticleID></ExtendedProperties>',
      'x/9',
    )
    expect(two).toEqual({
      msrcSeverity: 'Critical',
      kbArticleIds: ['4012212', '4012215'],
      securityBulletinIds: ['MS17-010'],
    })
  })

  it('drops values a console must not show (a javascript: URL, a KB that is no number, an unknown severity) with warnings', () => {
    const warnings: string[] = []
    const x = parseExtendedProperties(
      '<ExtendedProperties MsrcSeverity="Apocalyptic"><SupportUrl>javascript:alert(1)</SupportUrl><KBArticleID>KB12</KBArticleID></ExtendedProperties>',
      'x/7',
      warnings,
    )
    expect(x).toEqual({ kbArticleIds: [], securityBulletinIds: [] })
    expect(warnings).toEqual([
      'x/7: SupportUrl "javascript:alert(1)" is not an http(s) URL; not kept',
      'x/7: KBArticleID "KB12" is not a number; not kept',
      'x/7: MsrcSeverity "Apocalyptic" is not one of Critical, Important, Moderate, Low; not kept',
    ])
  })

  it('refuses a DOCTYPE, malformed XML and an l file that is not one LocalizedProperties, naming the file', () => {
    expect(() =>
      parseExtendedProperties(
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><ExtendedProperties>&b;</ExtendedProperties>',
        'package3.cab!x/1500',
      ),
    ).toThrow(/^package3\.cab!x\/1500: a DOCTYPE declaration is not accepted/)
    expect(() => parseExtendedProperties('<ExtendedProperties>', 'x/1')).toThrow(/^x\/1 line 1: /)
    expect(() => parseLocalizedProperties('<Title>t</Title>', 'l/en/1')).toThrow(
      /l\/en\/1: expected one <LocalizedProperties>, found 0/,
    )
  })
})

const skip =
  peerMissing(
    'cabextract',
    cabextractAvailable() ? null : 'cabextract missing (apt-get install cabextract)',
  ) ?? gcabSkipReason()

describe.skipIf(skip !== null)('reading a wsusscn2-shaped cab (gcab-built, MSZIP, cabextract)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-wsusdetails-'))

  it('reads l/en (else the first language) and x of each revision from the cab index.xml names', async () => {
    const cab = buildWsusscn2(dir)
    const { byRevision, warnings } = await readWsusDetails(cab, [300, 301, 1499, 1500, 1501, 1502, 1503])
    expect(warnings).toEqual([])
    expect(byRevision.get(300)).toMatchObject({ title: 'Windows 11' })
    expect(byRevision.get(1500)).toMatchObject({
      title: '2024-05 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5037771)',
      kbArticleIds: ['5037771'],
      msrcSeverity: 'Important',
      supportUrl: 'https://support.microsoft.com/help/5037771',
    })
    expect(byRevision.get(1502)).toMatchObject({
      language: 'de',
      title: expect.stringMatching(/^2024-05 Kumulatives Update/),
    })
    // x without l: the KB is known, the title is not; no files at all: nothing.
    expect(byRevision.get(1499)).toEqual({
      kbArticleIds: ['5036893'],
      securityBulletinIds: [],
      msrcSeverity: 'Important',
      supportUrl: 'https://support.microsoft.com/help/5036893',
    })
    expect(byRevision.has(1503)).toBe(false)
  })

  it('refuses a DOCTYPE in an x file and an index.xml naming a path, naming the cab and file', async () => {
    const doctype = buildWsusscn2(
      dir,
      {
        'package3/x/1500':
          '<!DOCTYPE ExtendedProperties [<!ENTITY k "5037771">]><ExtendedProperties><KBArticleID>&k;</KBArticleID></ExtendedProperties>',
      },
      'doctype.cab',
    )
    await expect(readWsusDetails(doctype, [1500])).rejects.toThrow(
      /doctype\.cab!package3\.cab!x\/1500: a DOCTYPE declaration is not accepted/,
    )
    const outside = buildWsusscn2(
      dir,
      {
        'index.xml':
          '<INDEX VERSION="1"><CABLIST XOR="0"><CAB NAME="../../etc/package3.cab" RANGESTART="0" /></CABLIST></INDEX>',
      },
      'outside.cab',
    )
    await expect(readWsusDetails(outside, [1500])).rejects.toThrow(
      /outside\.cab!index\.xml line 1: CAB NAME "\.\.\/\.\.\/etc\/package3\.cab" is not packageN\.cab/,
    )
  })

  it('refuses a detail cab with more files than allowed, and reports a cab index.xml names but the cab lacks', async () => {
    const many = buildWsusscn2(dir, manyFiles('package3', 100_000, 3000), 'many.cab')
    await expect(
      readWsusDetails(many, [1500], { maxCabEntries: 2000, maxExtractBytes: 1 << 30 }),
    ).rejects.toThrow(/many\.cab!package3\.cab: lists more than 2000 files; refused/)
    // Within the limits the same cab is read, extracting only its x/ and l/en/ files.
    const { byRevision } = await readWsusDetails(many, [1500])
    expect(byRevision.get(1500)?.kbArticleIds).toEqual(['5037771'])
    await expect(
      readWsusDetails(many, [1500], { maxCabEntries: 10_000, maxExtractBytes: 1000 }),
    ).rejects.toThrow(/its metadata files hold \d+ bytes, more than the 1000/)
    const missing = buildWsusscn2(
      dir,
      {
        'index.xml':
          '<INDEX VERSION="1"><CABLIST XOR="0"><CAB NAME="package2.cab" RANGESTART="0" /><CAB NAME="package9.cab" RANGESTART="1000" /></CABLIST></INDEX>',
      },
      'missing.cab',
    )
    const result = await readWsusDetails(missing, [300, 1500])
    expect(result.byRevision.get(300)?.title).toBe('Windows 11')
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /missing\.cab: index\.xml names package9\.cab, which the cab does not hold \(1 revisions without metadata\)/,
      ),
    ])
  })
})
