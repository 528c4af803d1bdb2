// Property and hostile-input tests of the Ansible YAML inventory reader: alias bombs (one value, or many
// small aliases adding up) and deep nesting are refused on one ImportError line, never expanded.
import { describe, expect, it } from 'vitest'
import { parseAnsibleInventory } from '../../../../main/clients/import/ansible-inventory'
import { MAX_ALIAS_EXPANSION, MAX_YAML_ALIASES } from '../../../../main/clients/import/ansible-yaml'
import { elapsed } from '../parsing/property-kit'
import { HOME, fixture } from './fixtures'
import { importProperties } from './import-property-kit'

const read = (text: string) => parseAnsibleInventory(text, { file: 'inventory.yml', ...HOME, syntax: 'yaml' })

/** "Billion laughs" in YAML: nine levels of nine aliases each (9^9 strings) in one host var. */
const ALIAS_BOMB = [
  'all:',
  '  hosts:',
  '    h1:',
  '      ansible_host: 127.0.0.1',
  '      bomb:',
  '        a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...Array.from({ length: 8 }, (_, i) => {
    const [name, prev] = [String.fromCharCode(98 + i), String.fromCharCode(97 + i)]
    return `        ${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`
  }),
].join('\n')

describe('Ansible YAML import (property)', () => {
  // The yaml library reads about 0.3 MiB/s on these lines (linearly): 20k characters keep its hang guard fast.
  importProperties(
    read,
    fixture('inventory.yml'),
    [
      'all:',
      '  hosts:',
      '    ',
      'children:',
      'vars:',
      '&a ',
      '*a',
      '- ',
      '{',
      '[',
      ': ',
      '!!binary',
      '%YAML 1.2',
      '---',
      '\n',
    ],
    { size: 20_000, common: false, tokens: ['&a ', '*a ', '- ', ': ', '  hosts:'] },
  )
})

describe('Ansible YAML import: hostile inventories', () => {
  it('refuses the alias bomb by its expanded size, before expanding anything', () => {
    expect(() => read(ALIAS_BOMB)).toThrow(
      /^inventory\.yml line 5: YAML aliases expand to more than 1000000 values$/,
    )
    expect(elapsed(() => expect(() => read(ALIAS_BOMB)).toThrow())).toBeLessThan(1_000)
  })

  it(`refuses more than ${MAX_YAML_ALIASES} aliases in one value (the yaml library's maxAliasCount, set low)`, () => {
    const value = (n: number) => `[${Array(n).fill('*a').join(', ')}]`
    const yml = (n: number) =>
      `all:\n  vars:\n    a: &a x\n    many: ${value(n)}\n  hosts:\n    h: { ansible_host: 127.0.0.1 }\n`
    expect(read(yml(8)).hosts[0]!.vars!.many).toBe(JSON.stringify(Array(8).fill('x')))
    expect(() => read(yml(MAX_YAML_ALIASES + 1))).toThrow(
      /^inventory\.yml line 4: many: YAML aliases expand too much \(Excessive alias count indicates a resource exhaustion attack\)$/,
    )
  })

  it(`refuses aliases expanding past ${MAX_ALIAS_EXPANSION} values before expanding them`, () => {
    const big = `[${Array(70_000).fill('1').join(',')}]`
    const yml = (n: number) =>
      [
        'all:',
        '  vars:',
        `    big: &big ${big}`,
        `    v: [${Array(n).fill('*big').join(', ')}]`,
        '  hosts:',
        '    h: {}',
      ].join('\n')
    expect(() => read(yml(16))).toThrow(
      /^inventory\.yml line 4: YAML aliases expand to more than 1000000 values$/,
    )
  })

  it('still reads ordinary anchors shared by many hosts', () => {
    const hosts = Array.from(
      { length: 200 },
      (_, i) => `    h${i}: { ansible_host: 127.0.0.1, ports: *ports }`,
    )
    const yml = ['all:', '  vars:', '    ports: &ports [22, 2222]', '  hosts:', ...hosts].join('\n')
    expect(read(yml).hosts[199]!.vars!.ports).toBe('[22,2222]')
  })

  it('refuses an alias to itself and 20k nested brackets on one line', () => {
    expect(() => read('all:\n  vars:\n    a: &a [*a]\n')).toThrow(/^inventory\.yml line 3: /)
    expect(() => read(`all:\n  vars:\n    x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`)).toThrow(
      /^inventory\.yml line 3: not valid YAML: /,
    )
  })
})
