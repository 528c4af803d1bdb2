// Property tests of the WUA scan reader: JSON in the shape our PowerShell script prints (Windows PowerShell
// 5.1's ConvertTo-Json quirks), mutated or arbitrary, parses or is refused on one ScanOutputError line;
// output over 64 MiB is refused before JSON.parse.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_OUTPUT_CHARS } from '../../../../main/clients/parsing/limits'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import { parseWuaScan } from '../../../../main/clients/platforms/windows-wua'
import { arbitraryJson, arbitraryText, mutated, parsesOrRefuses, runs } from '../parsing/property-kit'

const OWN = [ScanOutputError]

/** A scan in the script's shape with 5.1 quirks: one-element lists collapsed, /Date(ms)/ dates, $null lists. */
const SCAN = {
  SchemaVersion: 1,
  ComputerName: 'WIN-LAB01',
  OsName: 'Microsoft Windows Server 2019 Datacenter',
  OsVersion: '10.0.17763',
  AgentVersion: '10.0.17763.5830',
  RebootPending: true,
  RebootReasons: ['CBS', 'WindowsUpdate'],
  Updates: [
    {
      UpdateID: 'B2A9C8D0-1111-4222-8333-944455556666',
      RevisionNumber: 200,
      Title: '2017-11 Security and Quality Rollup for .NET Framework 3.5 on Windows 8.1 (KB4049017)',
      KBArticleIDs: '4049017',
      Classification: 'Sicherheitsupdates',
      ClassificationID: '0fa1201d-4330-4fa8-8ae9-b877473b6441',
      Products: 'Windows Server 2019',
      MsrcSeverity: 'Important',
      Type: 1,
      LastDeploymentChangeTime: '/Date(1511740800000)/',
      MaxDownloadSize: 48211968,
      SupersededUpdateIDs: null,
      IsInstalled: false,
      IsDownloaded: true,
      RebootRequired: false,
      SupportUrl: 'https://support.microsoft.com/help/4049017',
    },
    {
      UpdateID: 'c0ffee00-1111-4222-8333-444455556666',
      RevisionNumber: '1',
      Title: 'Update for Windows (KB890830)',
      KBArticleIDs: [890830],
      Classification: 'Critical Updates',
      Products: ['Windows'],
      LastDeploymentChangeTime: { value: '2024-01-09T00:00:00Z' },
      SupersededUpdateIDs: ['0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'],
      IsInstalled: true,
    },
  ],
  HotFixes: [{ HotFixID: 'KB4019215', Description: 'Security Update', InstalledOn: '2017-06-05T00:00:00Z' }],
}

const readers: Array<[string, (stdout: string) => unknown, unknown]> = [['WUA scan', parseWuaScan, SCAN]]

describe.each(readers)('%s JSON (property)', (_name, parse, template) => {
  const json = JSON.stringify(template)

  it('the template itself parses', () => {
    expect(parse(json)).toBeTruthy()
  })

  it('parses or refuses the template with values swapped for arbitrary JSON', () => {
    fc.assert(
      fc.property(arbitraryJson(template), (text) => void parsesOrRefuses(() => parse(text), OWN)),
      runs(400),
    )
  })

  it('parses or refuses the template text mutated (truncated, poisoned, huge numbers)', () => {
    const pretty = JSON.stringify(template, null, 2)
    fc.assert(
      fc.property(mutated(pretty), (text) => void parsesOrRefuses(() => parse(text), OWN)),
      runs(300),
    )
  })

  it('parses or refuses arbitrary text', () => {
    fc.assert(
      fc.property(
        arbitraryText(['{', '}', '"error"', ':', '"', '[', ']', ',', 'null', '\r\n']),
        (text) => void parsesOrRefuses(() => parse(text), OWN),
      ),
      runs(300),
    )
  })

  it('turns a multi-line {"error"} from the client into one line', () => {
    const err = JSON.stringify({
      error: 'Exception calling "Search":\r\nline two\n   at WUA',
      hresult: '0x80240024',
    })
    expect(() => parse(err)).toThrow(
      /failed on the client: Exception calling "Search":\\r\\nline two\\n {3}at WUA/,
    )
  })

  it('refuses output over 64 MiB before parsing it', () => {
    expect(() => parse(json.padEnd(MAX_OUTPUT_CHARS + 1, ' '))).toThrow(/more than the 64 MiB accepted/)
  })
})
