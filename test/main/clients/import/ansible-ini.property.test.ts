// Property and hostile-input tests of the Ansible INI inventory reader: deep or wide group hierarchies and
// range-heavy host patterns are resolved in bounded work or refused on one ImportError line.
import { describe, expect, it } from 'vitest'
import { parseAnsibleInventory } from '../../../../main/clients/import/ansible-inventory'
import { MAX_HIERARCHY_STEPS } from '../../../../main/clients/import/ansible-model'
import { ImportError } from '../../../../main/clients/import/types'
import { elapsed, parsesOrRefuses } from '../parsing/property-kit'
import { HOME, fixture } from './fixtures'
import { importProperties } from './import-property-kit'

const read = (text: string) => parseAnsibleInventory(text, { file: 'inventory.ini', ...HOME, syntax: 'ini' })

describe('Ansible INI import (property)', () => {
  importProperties(read, fixture('inventory.ini'), [
    '[web]',
    '[web:vars]',
    '[all:children]',
    'web[01:99]',
    '[a:z]',
    '=',
    'ansible_port=',
    'ansible_host=',
    '"',
    "'",
    '\\',
    '#',
    '\n',
  ])
})

describe('Ansible INI import: hostile inventories', () => {
  it('resolves a chain of 3000 nested child groups in bounded work', () => {
    let ini = ''
    for (let i = 0; i < 3000; i++) ini += `[g${i}:children]\ng${i + 1}\n`
    ini += '[g3000]\nh1 ansible_host=127.0.0.1\n'
    let groups = 0
    expect(elapsed(() => (groups = read(ini).hosts[0]!.groups.length))).toBeLessThan(10_000)
    expect(groups).toBe(3001)
  })

  it(`refuses a hierarchy needing more than ${MAX_HIERARCHY_STEPS} steps instead of hanging`, () => {
    // Declared bottom-up, each new parent's loop check walks every group below it: quadratic work.
    let ini = ''
    for (let i = 0; i < 4000; i++) ini += `[g${i + 1}:children]\ng${i}\n`
    expect(() => read(ini)).toThrow(/^inventory\.ini line \d+: the group hierarchy is too large to resolve/)
  })

  it('expands 20 000 ranges in one pattern without recursion', () => {
    expect(read(`[w]\nh${'[1:1]'.repeat(20_000)}.lab.invalid ansible_host=127.0.0.1\n`).hosts).toHaveLength(1)
    expect(() => read(`[w]\nh${'[1:2]'.repeat(20)}\n`)).toThrow(/gives more than 10000 hosts/)
  })

  it('gives 3000 hosts their inherited groups from 300 parent groups quickly', () => {
    let ini = '[w]\n'
    for (let i = 0; i < 3000; i++) ini += `h${i} ansible_host=127.0.0.1\n`
    for (let i = 0; i < 300; i++) ini += `[g${i}:children]\nw\n`
    expect(elapsed(() => expect(read(ini).hosts).toHaveLength(3000))).toBeLessThan(10_000)
  })

  it('names an unterminated quote on one line however long the line', () => {
    const line = `h1 ansible_user="${'x'.repeat(100_000)}`
    const err = parsesOrRefuses(() => read(`[w]\n${line}\n`), [ImportError])
    expect(err).toBeUndefined()
    expect(() => read(`[w]\n${line}\n`)).toThrow(/^inventory\.ini line 2: unterminated quote in .{1,900}$/)
  })
})
