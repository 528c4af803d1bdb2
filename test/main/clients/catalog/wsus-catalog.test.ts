import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CatalogError } from '../../../../main/clients/catalog/catalog-error'
import { parseWsusPackageXml } from '../../../../main/clients/catalog/wsus-catalog'
import { cabextractAvailable, loadWsusCatalog } from '../../../../main/clients/catalog/wsus-cab'
import { verifyCabSignature } from '../../../../main/clients/catalog/cab-signature'
import { codeSigningSkipReason, makeTestSigner, signCab } from '../../../support/code-signing'
import { buildCab } from './cab-writer'
import { buildPackageXml, type FixtureUpdate } from './wsus-fixture'
import { peerMissing } from '../../../support/peers'

const SECURITY = '0fa1201d-4330-4fa8-8ae9-b877473b6441'
const CRITICAL = 'E6CF1350-C01B-414D-A61F-263D14D133B4' // upper-case on purpose
const DEFINITION = 'e0789628-ce08-4437-be74-2495b842f43b'
const DRIVERS = 'ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0'
const UPGRADES = '3689bdc8-b205-4af4-8d4a-a63924c5e9d5'
const PRODUCT = '6964aab4-c5b5-43bd-a17d-ffb4346a8e1d'
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

const UPDATES: FixtureUpdate[] = [
  {
    id: id(1),
    rev: 1001,
    bundle: true,
    classification: SECURITY,
    products: [PRODUCT],
    supersededBy: [1003],
    languages: ['en', 'de'],
  },
  { id: id(2), rev: 1002, bundledBy: [1001], files: ['dI/r/6eaeuQoaxb/PDc7rzRAleY='] },
  {
    id: id(3),
    rev: 1003,
    bundle: true,
    classification: SECURITY,
    products: [PRODUCT],
    supersededBy: [1005],
    prereqs: [PRODUCT],
  },
  { id: id(5), rev: 1005, bundle: true, classification: SECURITY, products: [PRODUCT] },
  { id: id(6), rev: 1006, bundle: true, classification: DEFINITION },
  { id: id(7), rev: 1007, bundle: true, classification: DRIVERS },
  { id: id(8), rev: 1008, bundle: true, classification: CRITICAL, supersededBy: [9999] },
  { id: id(9), rev: 1009, bundle: true, classification: UPGRADES },
  { id: id(10), rev: 1010, bundle: true, classification: 'aaaaaaaa-0000-4000-8000-000000000000' },
]
const LOCATIONS: Array<[string, string]> = [
  [
    'dI/r/6eaeuQoaxb/PDc7rzRAleY=',
    'http://download.windowsupdate.com/c/msdownload/update/software/secu/2024/03/kb5035845.cab',
  ],
]
const XML = buildPackageXml(UPDATES, LOCATIONS)

describe('parseWsusPackageXml', () => {
  const cat = parseWsusPackageXml(XML)
  const byId = new Map(cat.updates.map((u) => [u.updateId, u]))

  it('reads the package header and every update', () => {
    expect(cat.packageId).toBe('a4d33aa0-5d1f-4ab7-bb53-78eb3c7fd776')
    expect(cat.protocolVersion).toBe('1.0')
    expect(cat.updates).toHaveLength(UPDATES.length)
    expect(byId.get(id(1))).toMatchObject({
      revisionId: 1001,
      revisionNumber: 200,
      isBundle: true,
      isLeaf: true,
      creationDate: '2024-05-14T17:00:00.000Z',
      languages: ['en', 'de'],
      products: [PRODUCT],
    })
  })

  it('maps UpdateClassification GUIDs to WSUS names (any case), leaving unknown ones unnamed', () => {
    expect(byId.get(id(1))!.classification).toBe('Security Updates')
    expect(byId.get(id(6))!.classification).toBe('Definition Updates')
    expect(byId.get(id(7))!.classification).toBe('Drivers')
    expect(byId.get(id(8))!.classification).toBe('Critical Updates')
    expect(byId.get(id(9))!.classification).toBe('Upgrades')
    expect(byId.get(id(10))!.classification).toBeUndefined()
    expect(byId.get(id(10))!.classificationId).toBe('aaaaaaaa-0000-4000-8000-000000000000')
    expect(byId.get(id(2))!.classification).toBeUndefined()
  })

  it('resolves the supersedence chain, bundles and payload files through revision ids and FileLocations', () => {
    expect(byId.get(id(1))!.supersededBy).toEqual([id(3)])
    expect(byId.get(id(3))!.supersededBy).toEqual([id(5)])
    expect(byId.get(id(5))!.supersededBy).toEqual([])
    expect(byId.get(id(2))!.bundledBy).toEqual([id(1)])
    expect(byId.get(id(3))!.prerequisites).toEqual([PRODUCT])
    expect(byId.get(id(2))!.files).toEqual([{ id: LOCATIONS[0]![0], url: LOCATIONS[0]![1] }])
    expect(byId.get(id(8))!.supersededBy).toEqual([])
    expect(cat.warnings).toEqual([
      expect.stringMatching(
        /update 00000000-0000-4000-8000-000000000008 is superseded by revision 9999, which is not in this catalog/,
      ),
    ])
  })

  it.each([
    [
      'a bad UpdateId',
      XML.replace(`UpdateId="${id(3)}"`, 'UpdateId="not-a-guid"'),
      /line 5: UpdateId "not-a-guid" is not a GUID/,
    ],
    ['a bad RevisionId', XML.replace('RevisionId="1006"', 'RevisionId="x"'), /line 7: RevisionId "x" is not/],
    [
      'a duplicate RevisionId',
      XML.replace('RevisionId="1007"', 'RevisionId="1006"'),
      /RevisionId 1006 appears twice/,
    ],
    [
      'a bad CreationDate',
      XML.replace('CreationDate="2024-05-14T17:00:00Z"', 'CreationDate="yesterday"'),
      /line 3: CreationDate "yesterday"/,
    ],
    ['a wrong root', XML.replace(/OfflineSyncPackage/g, 'Catalog'), /root element is <Catalog>/],
    [
      'a mismatched close tag',
      XML.replace('</Categories>', '</Category>'),
      /line 3: <\/Category> does not close <Categories>/,
    ],
    ['a truncated file', XML.slice(0, XML.length - 40), /line 12: unterminated tag|ends inside/],
    ['a bare ampersand', XML.replace('/kb5035845.cab', '/kb5035845.cab?a=1&b=2'), /bare "&"/],
  ])('refuses %s with a clear error and no result', (_what, xml, message) => {
    expect(() => parseWsusPackageXml(xml, 'package.xml')).toThrow(CatalogError)
    expect(() => parseWsusPackageXml(xml, 'package.xml')).toThrow(message)
  })
})

describe('loadWsusCatalog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-wsus-test-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads package.xml directly', () => {
    writeFileSync(join(dir, 'package.xml'), XML)
    expect(loadWsusCatalog(join(dir, 'package.xml'), 'unsigned').updates).toHaveLength(UPDATES.length)
    expect(() => loadWsusCatalog(join(dir, 'missing.xml'), 'unsigned')).toThrow(/missing\.xml: ENOENT/)
  })

  const haveCab =
    peerMissing(
      'cabextract',
      cabextractAvailable() ? null : 'cabextract missing (apt-get install cabextract)',
    ) === null

  it.skipIf(!haveCab)('reads package.xml out of wsusscn2.cab → package.cab with cabextract', () => {
    const inner = buildCab([{ name: 'package.xml', data: Buffer.from(XML) }])
    const index = Buffer.from(
      '<?xml version="1.0"?><CABLIST><CAB NAME="package2.cab" RANGESTART="1001" /></CABLIST>',
    )
    const outer = buildCab([
      { name: 'package.cab', data: inner },
      { name: 'index.xml', data: index },
      { name: 'package2.cab', data: buildCab([{ name: 'c/1001', data: Buffer.from('<Update/>') }]) },
    ])
    writeFileSync(join(dir, 'wsusscn2.cab'), outer)
    const cat = loadWsusCatalog(join(dir, 'wsusscn2.cab'), 'unsigned')
    expect(cat.updates.map((u) => u.revisionId)).toEqual(UPDATES.map((u) => u.rev))
    writeFileSync(join(dir, 'broken.cab'), outer.subarray(0, 100))
    expect(() => loadWsusCatalog(join(dir, 'broken.cab'), 'unsigned')).toThrow(
      /broken\.cab: cabextract failed/,
    )
    writeFileSync(join(dir, 'other.cab'), buildCab([{ name: 'readme.txt', data: Buffer.from('hi') }]))
    expect(() => loadWsusCatalog(join(dir, 'other.cab'), 'unsigned')).toThrow(
      /neither package\.xml nor package\.cab inside \(found: readme\.txt\)/,
    )
  })

  const signSkip = haveCab ? codeSigningSkipReason() : 'cabextract missing'
  describe.skipIf(signSkip !== null)(
    'Authenticode signature of wsusscn2.cab (real openssl and osslsigncode)',
    () => {
      const trusted = signSkip === null ? makeTestSigner('Microsoft Corporation', 'trusted') : null
      const impostor = signSkip === null ? makeTestSigner('Microsoft Corporation', 'impostor') : null
      const wrongName = signSkip === null ? makeTestSigner('Contoso Ltd', 'contoso') : null
      const unsigned = () => {
        const file = join(dir, 'plain.cab')
        writeFileSync(file, buildCab([{ name: 'package.xml', data: Buffer.from(XML) }]))
        return file
      }
      const trust = () => ({ caBundle: trusted!.caBundle, signer: 'Microsoft Corporation' })

      it('reads a cabinet signed by the expected signer through the trusted CA', () => {
        const signed = signCab(trusted!, unsigned(), join(dir, 'signed.cab'))
        expect(verifyCabSignature(signed, trust())).toMatch(/CN=Microsoft Corporation/)
        expect(loadWsusCatalog(signed, trust()).updates).toHaveLength(UPDATES.length)
      })

      it('refuses an unsigned, a tampered, an untrusted and a wrongly named signature, each naming why', () => {
        expect(() => loadWsusCatalog(unsigned(), trust())).toThrow(
          /Authenticode signature refused: it is not signed/,
        )
        const signed = signCab(trusted!, unsigned(), join(dir, 'to-tamper.cab'))
        const bytes = readFileSync(signed)
        bytes[80] = bytes[80]! ^ 0xff
        writeFileSync(join(dir, 'tampered.cab'), bytes)
        expect(() => loadWsusCatalog(join(dir, 'tampered.cab'), trust())).toThrow(
          /Authenticode signature refused: it was changed after it was signed/,
        )
        const forged = signCab(impostor!, unsigned(), join(dir, 'forged.cab'))
        expect(() => loadWsusCatalog(forged, trust())).toThrow(
          /chain does not end in a certificate of .*ca\.pem/,
        )
        const contoso = signCab(wrongName!, unsigned(), join(dir, 'contoso.cab'))
        expect(() =>
          loadWsusCatalog(contoso, { caBundle: wrongName!.caBundle, signer: 'Microsoft Corporation' }),
        ).toThrow(/signed by ".*CN=Contoso Ltd", not by "Microsoft Corporation"/)
      })

      it('never reads a package.xml as signed', () => {
        writeFileSync(join(dir, 'package.xml'), XML)
        expect(() => loadWsusCatalog(join(dir, 'package.xml'), trust())).toThrow(
          /package\.xml carries no signature/,
        )
      })
    },
  )
})
