// Property test of import format detection: any text and name gets a format or none, never an exception.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectFormat, resolveFormat } from '../../../../main/clients/import/detect-format'
import { arbitraryText, expectLinear, runs } from '../parsing/property-kit'

describe('detectFormat (property)', () => {
  it('detects a format or none for any text, never throwing', () => {
    const names = fc.constantFrom('hosts', 'x.csv', 'inv.yml', 'config', '.ssh/config', 'a.ini')
    fc.assert(
      fc.property(
        arbitraryText(['Host ', '[web]', 'all:', 'name,address', '---', '=', '#', ';']),
        names,
        (text, name) => {
          expect([undefined, 'csv', 'ansible-ini', 'ansible-yaml', 'ssh-config']).toContain(
            detectFormat(name, text),
          )
          expect(['ansible-ini', 'ansible-yaml']).toContain(resolveFormat('ansible', name, text))
        },
      ),
      runs(300),
    )
  })

  it('reads hostile lines in linear time (hang guard)', () => {
    const tokens = ['Host ', '[web]', 'a=b ', 'a:', '# ', 'name,address,']
    expectLinear((t) => detectFormat('hosts', t), tokens)
    expectLinear(
      (t) => detectFormat('hosts', t),
      tokens,
      (line) => `[web]\n${line}\n`,
    )
  })
})
