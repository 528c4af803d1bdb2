// Property tests of the Linux hardware inventory reader: the recorded script output, mutated or arbitrary,
// parses or is refused on one ScanOutputError line; huge counts and dates are refused, not thrown as RangeError.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseLinuxHardware } from '../../../../main/clients/inventory/linux-hardware'
import { MAX_LINE_CHARS } from '../../../../main/clients/parsing/limits'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import { arbitraryText, expectLinear, fixture, mutated, parsesOrRefuses, runs } from '../parsing/property-kit'

const OWN = [ScanOutputError]
const LINUX = fixture('inventory/debian12-linux-hardware-output.txt')

describe('parseLinuxHardware (property)', () => {
  it('the recording parses', () => {
    expect(parseLinuxHardware(LINUX).hostname).not.toBe('')
  })

  it('parses or refuses the recording mutated (huge counts, odd dates, poisoned lines)', () => {
    fc.assert(
      fc.property(mutated(LINUX), (text) => void parsesOrRefuses(() => parseLinuxHardware(text), OWN)),
      runs(300),
    )
  })

  it('parses or refuses arbitrary text', () => {
    fc.assert(
      fc.property(
        arbitraryText(['@@PATCHBAY begin boot@@', 'btime ', 'MemTotal: ', ' kB']),
        (text) => void parsesOrRefuses(() => parseLinuxHardware(text), OWN),
      ),
      runs(200),
    )
  })

  it('refuses a boot time or memory size past what a date or a safe integer holds', () => {
    const huge = '9'.repeat(30)
    expect(() => parseLinuxHardware(LINUX.replace(/^btime \d+$/m, `btime ${huge}`))).toThrow(
      /^linux hardware inventory: /,
    )
    expect(() => parseLinuxHardware(LINUX.replace(/^MemTotal:\s+\d+/m, `MemTotal: ${huge}`))).toThrow(
      /^linux hardware inventory: /,
    )
  })

  it('reads hostile df and ip lines in linear time (hang guard)', () => {
    const tokens = ['1 ', '- ', '/dev/sda1 ', '1: eth0 inet ', '<', 'link/ether ']
    expectLinear(parseLinuxHardware, tokens, (line) =>
      LINUX.replace('@@PATCHBAY end df', `${line}\n@@PATCHBAY end df`),
    )
    expectLinear(parseLinuxHardware, tokens, (line) =>
      LINUX.replace('@@PATCHBAY end ip', `${line}\n@@PATCHBAY end ip`),
    )
  })

  it('refuses a line over 1 MiB', () => {
    expect(() =>
      parseLinuxHardware(LINUX.replace('MemTotal:', `MemTotal:${' '.repeat(MAX_LINE_CHARS)}`)),
    ).toThrow(/longer than 1 MiB/)
  })
})
