// Property tests of the WUA install result reader: JSON in the shape our install script prints, mutated or
// arbitrary, parses or is refused on one ScanOutputError line; output over 64 MiB is refused before JSON.parse.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_OUTPUT_CHARS } from '../../../../main/clients/parsing/limits'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import { parseWuaInstall } from '../../../../main/clients/platforms/wua-install-result'
import { arbitraryJson, arbitraryText, mutated, parsesOrRefuses, runs } from '../parsing/property-kit'

const OWN = [ScanOutputError]

/** An install of two updates in the script's shape: one needing a restart, one failed (HResult as a number). */
const INSTALL = {
  SchemaVersion: 1,
  ComputerName: 'WS-01',
  ResultCode: 3,
  HResult: '0x00000000',
  RebootRequired: true,
  Updates: [
    {
      UpdateID: '8f2b7d0c-3a4e-4b8e-9c1d-2e5f6a7b8c9d',
      KB: 'KB5034441',
      Title: '2024-01 Cumulative Update for Windows 11',
      Status: 'Installed',
      ResultCode: 2,
      HResult: '0x00240005',
      RebootRequired: true,
      IsInstalled: true,
    },
    {
      UpdateID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      KB: null,
      Title: null,
      Status: 'Failed',
      ResultCode: 4,
      HResult: -2145124329,
      RebootRequired: false,
      IsInstalled: false,
    },
  ],
}

const readers: Array<[string, (stdout: string) => unknown, unknown]> = [
  ['WUA install result', parseWuaInstall, INSTALL],
]

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
