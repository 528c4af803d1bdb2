// Property tests of the Windows hardware inventory reader: the synthetic Windows PowerShell 5.1 JSON, mutated
// or with values swapped for anything, parses or is refused on one ScanOutputError line.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseWindowsHardware } from '../../../../main/clients/inventory/windows-hardware'
import { MAX_OUTPUT_CHARS } from '../../../../main/clients/parsing/limits'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import { arbitraryJson, fixture, mutated, parsesOrRefuses, runs } from '../parsing/property-kit'

const OWN = [ScanOutputError]
const WINDOWS = fixture('inventory/windows-hardware-synthetic-ps51.json.txt')

describe('parseWindowsHardware (property)', () => {
  const template = JSON.parse(WINDOWS) as unknown

  it('the recording parses', () => {
    expect(parseWindowsHardware(WINDOWS).hostname).not.toBe('')
  })

  it('parses or refuses the JSON with values swapped for anything', () => {
    fc.assert(
      fc.property(
        arbitraryJson(template),
        (text) => void parsesOrRefuses(() => parseWindowsHardware(text), OWN),
      ),
      runs(400),
    )
  })

  it('parses or refuses the JSON text mutated', () => {
    fc.assert(
      fc.property(mutated(WINDOWS), (text) => void parsesOrRefuses(() => parseWindowsHardware(text), OWN)),
      runs(300),
    )
  })

  it('refuses a boot date out of range and negative counts on one line', () => {
    const at = (date: string) => WINDOWS.replace(/\\\/Date\(\d+\)\\\//, date)
    expect(() => parseWindowsHardware(at('/Date(99999999999999999)/'))).toThrow(
      /^windows hardware inventory: date "\/Date\(99999999999999999\)\/" is out of range$/,
    )
    expect(() => parseWindowsHardware(WINDOWS.replace('"NumberOfCores":4', '"NumberOfCores":-4'))).toThrow(
      /^windows hardware inventory: at cpu\.cores: /,
    )
  })

  it('refuses output over 64 MiB before JSON.parse', () => {
    expect(() => parseWindowsHardware(WINDOWS.padEnd(MAX_OUTPUT_CHARS + 1, ' '))).toThrow(
      /more than the 64 MiB accepted/,
    )
  })
})
