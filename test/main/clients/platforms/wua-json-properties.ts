import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_OUTPUT_CHARS } from '../../../../main/clients/parsing/limits'
import { ScanOutputError } from '../../../../main/clients/platforms/types'
import { arbitraryJson, arbitraryText, mutated, parsesOrRefuses, runs } from '../parsing/property-kit'

const OWN = [ScanOutputError]

/**
 * Properties of a reader of the JSON a Patchbay PowerShell script prints: the template (in the script's shape)
 * parses; the template with values swapped, its text mutated and arbitrary text parse or are refused on one
 * ScanOutputError line; a client's multi-line {"error"} becomes one line; output over 64 MiB is refused.
 */
export function describeWuaJsonReader(
  name: string,
  parse: (stdout: string) => unknown,
  template: unknown,
): void {
  describe(`${name} JSON (property)`, () => {
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
}
