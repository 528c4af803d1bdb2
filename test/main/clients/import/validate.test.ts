import { describe, expect, it } from 'vitest'
import type { ImportedHost } from '../../../../main/clients/import/types'
import {
  isValidAddress,
  isValidName,
  parsePort,
  safeName,
  validateHosts,
} from '../../../../main/clients/import/validate'
import { expectImportError } from './fixtures'

const host = (over: Partial<ImportedHost>): ImportedHost => ({
  name: 'web01',
  address: '127.0.0.1',
  port: 22,
  user: '',
  identityFile: '',
  platform: 'unknown',
  groups: [],
  line: 1,
  ...over,
})

describe('names', () => {
  it('accepts what Patchbay accepts', () => {
    expect(isValidName('web01.lab.invalid')).toBe(true)
    expect(isValidName('_web')).toBe(false)
    expect(isValidName('a'.repeat(129))).toBe(false)
  })

  it('derives a safe name: odd characters become dashes, a long FQDN keeps its leading labels', () => {
    expect(safeName('web01.lab.invalid')).toBe('web01.lab.invalid')
    expect(safeName('ops@web 01.')).toBe('ops-web-01')
    expect(safeName('_web')).toBe('web')
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.invalid`
    expect(safeName(long)).toBe(`${'a'.repeat(60)}.${'b'.repeat(60)}`)
    expect(safeName('a'.repeat(200))).toBe('a'.repeat(128))
    expect(safeName('@@@')).toBeUndefined()
  })
})

describe('addresses and ports', () => {
  it('accepts host names and IP addresses only', () => {
    expect(isValidAddress('127.0.0.1')).toBe(true)
    expect(isValidAddress('db-1.lab.invalid')).toBe(true)
    expect(isValidAddress('-db.lab.invalid')).toBe(false)
    expect(isValidAddress(' 127.0.0.1')).toBe(false)
    expect(isValidAddress('127.0.0.1:22')).toBe(false)
  })

  it('parses 1–65535 only', () => {
    expect(parsePort(' 65535 ', 'f', 1)).toBe(65535)
    expectImportError(() => parsePort('0', 'f', 2), 'f line 2: port 0 is not 1–65535')
    expectImportError(() => parsePort('22.5', 'f', 3), 'f line 3: port "22.5" is not a number')
  })
})

describe('validateHosts', () => {
  it('repairs names with a warning, then checks duplicates case-insensitively against repaired names', () => {
    const warnings: string[] = []
    expect(validateHosts('f', [host({ name: 'web 01', line: 3 })], warnings).hosts[0]!.name).toBe('web-01')
    expect(warnings).toEqual(['f line 3: name "web 01" is not a valid resource name; imported as "web-01"'])
    expectImportError(
      () => validateHosts('f', [host({ name: 'Web-01', line: 2 }), host({ name: 'web 01', line: 9 })], []),
      'f line 9: duplicate name "web-01" (first defined at f line 2)',
    )
  })

  it('names the included file of a host from one', () => {
    expectImportError(
      () => validateHosts('config', [host({ line: 2 }), host({ line: 4, file: 'config.d/x.conf' })], []),
      'config.d/x.conf line 4: duplicate name "web01" (first defined at config line 2)',
    )
  })

  it('rejects ports, users and collection names Patchbay would refuse', () => {
    expectImportError(() => validateHosts('f', [host({ port: 0 })], []), 'f line 1: port 0 is not 1–65535')
    expectImportError(
      () => validateHosts('f', [host({ user: 'u'.repeat(65) })], []),
      /^f line 1: user "u+" is longer than 64 characters$/,
    )
    expectImportError(
      () => validateHosts('f', [host({ groups: ['g'.repeat(129)] })], []),
      /^f line 1: collection name "g+" is longer than 128$/,
    )
  })
})
