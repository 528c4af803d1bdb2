import { describe, expect, it } from 'vitest'
import {
  parseAnsibleInventory,
  platformFromVars,
  varToString,
  type AnsibleImportOptions,
} from '../../../../main/clients/import/ansible-inventory'
import { shellSplit } from '../../../../main/clients/import/ansible-ini'
import type { ImportedHost } from '../../../../main/clients/import/types'
import { HOME, expectImportError, fixture } from './fixtures'

const ini = (text: string, file = 'inventory.ini') => parseAnsibleInventory(text, { ...HOME, file })
const yaml = (text: string, file = 'inventory.yml') => parseAnsibleInventory(text, { ...HOME, file })
const withoutLines = (hosts: ImportedHost[]) => hosts.map(({ line: _line, ...h }) => h)

describe('the lab inventory in INI', () => {
  const result = ini(fixture('inventory.ini'))
  const host = (name: string) => result.hosts.find((h) => h.name === name)!

  it('expands numeric and letter ranges, keeps zero padding, imports each host once', () => {
    expect(result.hosts.map((h) => h.name)).toEqual([
      'jump.lab.invalid',
      'web01.lab.invalid',
      'web02.lab.invalid',
      'web03.lab.invalid',
      'web-extra.lab.invalid',
      'db-a.lab.invalid',
      'db-b.lab.invalid',
      'db-c.lab.invalid',
      'win01.lab.invalid',
      'win02.lab.invalid',
    ])
  })

  it('gives a host every group it is in, and every group above those, but not all/ungrouped', () => {
    expect(host('jump.lab.invalid').groups).toEqual([])
    expect(host('web01.lab.invalid').groups).toEqual(['prod', 'linux', 'debian_hosts', 'web'])
    expect(host('web03.lab.invalid').groups).toEqual(['prod', 'linux', 'web'])
    expect(host('win01.lab.invalid').groups).toEqual(['prod', 'windows'])
  })

  it('inherits vars: all, then groups by depth and name, then the host', () => {
    expect(host('jump.lab.invalid')).toMatchObject({ address: '127.0.30.1', user: 'jump', port: 22, line: 2 })
    expect(host('web01.lab.invalid')).toMatchObject({ address: 'web01.lab.invalid', user: 'www', line: 5 })
    // a host var from its second group's line
    expect(host('web02.lab.invalid').user).toBe('web02ops')
    expect(host('web-extra.lab.invalid')).toMatchObject({ port: 2202, user: 'deploy', line: 6 })
    expect(host('db-b.lab.invalid')).toMatchObject({
      user: 'postgres',
      identityFile: '/home/alice/.ssh/db_key',
    })
    expect(host('web01.lab.invalid').vars).toMatchObject({ http_port: '8080', ansible_os_family: 'Debian' })
  })

  it('derives platforms from ansible_os_family, WinRM and a PowerShell shell', () => {
    expect(result.hosts.map((h) => h.platform)).toEqual([
      'unknown',
      'debian',
      'debian',
      'unknown',
      'unknown',
      'rhel',
      'rhel',
      'rhel',
      'windows',
      'windows',
    ])
  })

  it('uses port 22 instead of a WinRM port, with a warning; keeps the port of Windows over ssh', () => {
    expect(host('win01.lab.invalid')).toMatchObject({
      address: '127.0.30.41',
      port: 22,
      user: 'LAB\\Administrator',
    })
    expect(host('win02.lab.invalid')).toMatchObject({ address: '127.0.30.42', port: 2222 })
    expect(result.warnings).toEqual([
      'inventory.ini line 16: win01.lab.invalid uses ansible_connection=winrm; its port 5986 is not ssh, so port 22 is used',
    ])
  })
})

describe('the lab inventory in YAML', () => {
  it('gives the same hosts as the INI one', () => {
    const fromYaml = yaml(fixture('inventory.yml'))
    expect(withoutLines(fromYaml.hosts)).toEqual(withoutLines(ini(fixture('inventory.ini')).hosts))
    expect(fromYaml.hosts.map((h) => h.line)).toEqual([8, 18, 18, 18, 19, 26, 26, 26, 40, 42])
  })

  it('merges a group defined in several places and warns about unknown keys', () => {
    const r = yaml(
      [
        'all:',
        '  children:',
        '    a:',
        '      children:',
        '        shared: { hosts: { h1.lab.invalid: } }',
        '    b:',
        '      children:',
        '        shared:',
        '          hosts: { h2.lab.invalid: { ansible_port: 2200 } }',
        '      hostvars: {}',
        'extra:',
        '  hosts:',
        '    h3.lab.invalid:',
      ].join('\n'),
    )
    expect(r.hosts.map((h) => [h.name, h.groups, h.port])).toEqual([
      ['h1.lab.invalid', ['a', 'b', 'shared'], 22],
      ['h2.lab.invalid', ['a', 'b', 'shared'], 2200],
      ['h3.lab.invalid', ['extra'], 22],
    ])
    expect(r.warnings).toEqual([
      'inventory.yml line 10: key "hostvars" of group "b" is not hosts, vars or children; skipped',
    ])
  })

  it('imports nothing from an empty file', () => {
    expect(yaml('---\n', 'empty.yml')).toEqual({ hosts: [], warnings: [] })
  })
})

describe('INI details', () => {
  it('splits host lines like a shell, up to a comment', () => {
    expect(shellSplit(`h a="x y" b='p q' c=\\# # note`, 'f', 1)).toEqual(['h', 'a=x y', 'b=p q', 'c=#'])
  })

  it('takes hosts before any section as ungrouped and reads step ranges and old ansible_ssh_* names', () => {
    const r = ini(
      'n[1:7:3].lab.invalid ansible_ssh_host=127.0.0.7 ansible_ssh_port=2200 ansible_ssh_user=u\n',
    )
    expect(r.hosts.map((h) => [h.name, h.address, h.port, h.user, h.groups])).toEqual([
      ['n1.lab.invalid', '127.0.0.7', 2200, 'u', []],
      ['n4.lab.invalid', '127.0.0.7', 2200, 'u', []],
      ['n7.lab.invalid', '127.0.0.7', 2200, 'u', []],
    ])
  })

  it('warns about connections Patchbay does not use', () => {
    const r = ini('[boxes]\nbox.lab.invalid ansible_connection=docker\n')
    expect(r.warnings).toEqual([
      'inventory.ini line 2: box.lab.invalid uses ansible_connection=docker; imported as an ssh host',
    ])
  })

  it('turns values into strings and platforms from hints', () => {
    expect([varToString(null), varToString(3), varToString(true), varToString(['a'])]).toEqual([
      '',
      '3',
      'true',
      '["a"]',
    ])
    expect(platformFromVars({ ansible_connection: 'psrp' })).toBe('windows')
    expect(platformFromVars({ ansible_shell_type: 'cmd' })).toBe('windows')
    expect(platformFromVars({ ansible_os_family: 'Suse' })).toBe('suse')
    expect(platformFromVars({ ansible_os_family: 'Archlinux' })).toBe('unknown')
  })
})

describe('malformed inventories', () => {
  const bad =
    (name: string, options: Partial<AnsibleImportOptions> = {}) =>
    () =>
      parseAnsibleInventory(fixture(`bad/${name}`), { ...HOME, file: name, ...options })

  it.each([
    ['bad-port.ini', 'bad-port.ini line 7: port 70000 is not 1–65535'],
    [
      'bad-range.ini',
      'bad-range.ini line 2: range [01:3] must give start and end with the same number of digits',
    ],
    ['reversed-range.ini', 'reversed-range.ini line 2: range [09:01] starts after it ends'],
    ['children-loop.ini', 'children-loop.ini line 8: making "a" a child of "c" would loop'],
    ['unknown-section.ini', 'unknown-section.ini line 4: section [web:hostvars] is not :vars or :children'],
    [
      'vars-without-group.ini',
      'vars-without-group.ini line 4: [dbs:vars] is for a group that is never defined',
    ],
    ['bad-host-var.ini', 'bad-host-var.ini line 2: expected key=value, got "ansible_user"'],
    ['bad-address.ini', 'bad-address.ini line 2: address "not_an_address!" is not a host name or IP address'],
    [
      'unclosed-quote.ini',
      'unclosed-quote.ini line 2: unterminated quote in "web01.lab.invalid ansible_user="deploy"',
    ],
    ['hosts-as-list.yml', 'hosts-as-list.yml line 5: hosts of "web" must be a mapping'],
    ['template-host.yml', /^template-host\.yml line 3: ansible_host of web01\.lab\.invalid is a template/],
    ['bad-port.yml', 'bad-port.yml line 7: port "http" is not a number'],
  ])('%s', (name, message) => {
    expectImportError(bad(name), message)
  })

  it('bad-indent.yml', () => {
    expectImportError(bad('bad-indent.yml'), /^bad-indent\.yml line \d+: not valid YAML: /)
  })

  it('rejects a range that would give too many hosts and bad section headers', () => {
    expectImportError(
      () => ini('[w]\nh[0:99999]\n'),
      'inventory.ini line 2: range [0:99999] gives more than 10000 hosts',
    )
    expectImportError(
      () => ini('[w x]\n'),
      'inventory.ini line 1: "[w x]" is not a [group], [group:vars] or [group:children] header',
    )
  })
})
