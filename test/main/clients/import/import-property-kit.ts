// The shared shape of the import readers' property tests: the fixture imports; arbitrary text and the fixture
// mutated import or are refused with a one-line ImportError.
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { ImportError } from '../../../../main/clients/import/types'
import {
  arbitraryText,
  expectLinear,
  mutated,
  parsesOrRefuses,
  runs,
  type HangGuardOptions,
} from '../parsing/property-kit'

/** Registers the standard properties of an import reader (and its hang guard on hostile lines). */
export function importProperties(
  read: (text: string) => unknown,
  base: string,
  tokens: string[],
  hangGuard?: HangGuardOptions,
): void {
  it('the fixture imports', () => {
    expect(read(base)).toBeTruthy()
  })

  it('imports or refuses arbitrary text with a one-line ImportError', () => {
    fc.assert(
      fc.property(arbitraryText(tokens), (text) => void parsesOrRefuses(() => read(text), [ImportError])),
      runs(300),
    )
  })

  it('imports or refuses the fixture mutated', () => {
    fc.assert(
      fc.property(mutated(base), (text) => void parsesOrRefuses(() => read(text), [ImportError])),
      runs(250),
    )
  })

  it('reads hostile lines in linear time (hang guard)', () => {
    expectLinear(read, tokens, (line) => `${base}\n${line}\n`, hangGuard)
  })
}
