import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseUpdateCatalogCsv } from '../../../../main/clients/catalog/update-catalog-csv'

const CSV = readFileSync(
  new URL('../../../fixtures/catalog/update-catalog-export.csv', import.meta.url),
  'utf8',
)

describe('parseUpdateCatalogCsv', () => {
  it('imports a Microsoft Update Catalog / WSUS export', () => {
    const rows = parseUpdateCatalogCsv(CSV, 'export.csv')
    expect(rows).toHaveLength(4)
    expect(rows[0]).toEqual({
      id: 'a3a4b0c2-9d1c-4a6e-9d7e-2b1f0e5c7d01',
      updateId: 'a3a4b0c2-9d1c-4a6e-9d7e-2b1f0e5c7d01',
      kb: '5037782',
      title: '2024-05 Cumulative Update for Windows Server 2022 for x64-based Systems (KB5037782)',
      products: ['Microsoft Server operating system-21H2'],
      classification: 'Security Updates',
      lastUpdated: '2024-05-14',
      version: 'n/a',
      size: Math.round(376.5 * 1024 * 1024),
      line: 2,
    })
    expect(rows[1]).toMatchObject({
      id: 'KB5037850',
      kb: '5037850',
      classification: 'Critical Updates',
      size: 13_824 * 1024,
      products: ['Microsoft Server operating system-21H2', 'Windows Server 2022'],
    })
    expect(rows[2]).toMatchObject({
      id: 'b1c2d3e4-0000-4000-8000-000000000002',
      kb: '2267602',
      classification: 'Definition Updates',
      size: 1_049_000,
      lastUpdated: '2024-05-20',
    })
    expect(rows[3]).toMatchObject({ classification: 'Drivers', size: 24 * 1024, lastUpdated: '2024-01-02' })
  })

  it('accepts header aliases and classification spellings', () => {
    const rows = parseUpdateCatalogCsv(
      'update_title,KB Article,update-classification\nSome fix,KB123456,securityupdate\n',
    )
    expect(rows).toEqual([
      {
        id: 'KB123456',
        kb: '123456',
        title: 'Some fix',
        products: [],
        classification: 'Security Updates',
        line: 2,
      },
    ])
  })

  const header = 'Title,Classification,UpdateID,Size,Last Updated'
  it.each([
    ['an unknown column', 'Title,Classification,KB,Colour\n', /line 1: unknown column "Colour"/],
    ['no id column', 'Title,Classification\n', /line 1: needs an UpdateID or a KB column/],
    ['no title column', 'Classification,KB\n', /line 1: missing column "title"/],
    [
      'an unknown classification',
      `${header}\nX,Hotfixes,a3a4b0c2-9d1c-4a6e-9d7e-2b1f0e5c7d01,,\n`,
      /line 2: unknown classification "Hotfixes"/,
    ],
    ['a bad GUID', `${header}\nX,Updates,not-a-guid,,\n`, /line 2: UpdateID "not-a-guid" is not a GUID/],
    [
      'a bad size',
      `${header}\nX,Updates,a3a4b0c2-9d1c-4a6e-9d7e-2b1f0e5c7d01,huge,\n`,
      /line 2: Size "huge"/,
    ],
    [
      'a bad date',
      `${header}\nX,Updates,a3a4b0c2-9d1c-4a6e-9d7e-2b1f0e5c7d01,,2/30/2024\n`,
      /line 2: Last Updated "2\/30\/2024"/,
    ],
    ['a short row', `${header}\nX,Updates\n`, /line 2: 2 fields, the header has 5/],
    [
      'a duplicate',
      `${header}\nX,Updates,a3a4b0c2-9d1c-4a6e-9d7e-2b1f0e5c7d01,,\nY,Updates,A3A4B0C2-9D1C-4A6E-9D7E-2B1F0E5C7D01,,\n`,
      /line 3: a3a4b0c2.* appears twice/,
    ],
    ['an unclosed quote', `${header}\n"X,Updates,,,\n`, /quoted field is not closed/],
    ['an empty file', '', /empty \(a header row is required\)/],
  ])('refuses %s, naming the line', (_what, text, message) => {
    expect(() => parseUpdateCatalogCsv(text, 'bad.csv')).toThrow(message)
  })
})
