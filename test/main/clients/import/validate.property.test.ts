// Property tests of the import checks: ports, names and addresses from any text.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ImportError } from '../../../../main/clients/import/types'
import {
  isValidAddress,
  isValidName,
  parsePort,
  safeName,
  validateHosts,
} from '../../../../main/clients/import/validate'
import { HUGE_NUMBERS, arbitraryText, parsesOrRefuses, runs } from '../parsing/property-kit'

describe('import checks (property)', () => {
  it('a port is 1–65535 or refused on one line', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryText(HUGE_NUMBERS), fc.integer().map(String)), (text) => {
        const port = parsesOrRefuses(() => parsePort(text, 'f', 1), [ImportError])
        if (port !== undefined) expect(port >= 1 && port <= 65535).toBe(true)
      }),
      runs(300),
    )
  })

  it('safeName gives a valid name or nothing, for any text', () => {
    fc.assert(
      fc.property(arbitraryText(['.', '-', '_', 'a'.repeat(200), ' ', 'é']), (text) => {
        const name = safeName(text)
        if (name !== undefined) expect(isValidName(name)).toBe(true)
        isValidAddress(text)
      }),
      runs(400),
    )
  })

  it('validateHosts accepts or refuses any host on one line', () => {
    const host = fc.record({
      name: arbitraryText(['web', '.']),
      address: fc.oneof(arbitraryText(['127.0.0.1', ':', '::1']), fc.constant('127.0.0.1')),
      port: fc.oneof(fc.integer(), fc.constant(Number.NaN), fc.constant(22)),
      user: fc.string({ maxLength: 80 }),
      identityFile: fc.constant(''),
      platform: fc.constant('unknown' as const),
      groups: fc.array(arbitraryText(['g']), { maxLength: 3 }),
      line: fc.nat(),
    })
    fc.assert(
      fc.property(fc.array(host, { maxLength: 4 }), (hosts) => {
        const r = parsesOrRefuses(() => validateHosts('f', hosts, []), [ImportError])
        for (const w of r?.warnings ?? []) expect(w).not.toMatch(/[\r\n\u2028\u2029]/)
      }),
      runs(300),
    )
  })
})
