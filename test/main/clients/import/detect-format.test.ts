import { describe, expect, it } from 'vitest'
import {
  detectFormat,
  looksLikeYamlInventory,
  resolveFormat,
} from '../../../../main/clients/import/detect-format'
import { parseImport } from '../../../../main/clients/import/index'
import { HOME, fixture, memoryFs } from './fixtures'

describe('detectFormat', () => {
  it('recognises each fixture by content, whatever its name', () => {
    expect(detectFormat('upload', fixture('hosts.csv'))).toBe('csv')
    expect(detectFormat('upload', fixture('inventory.ini'))).toBe('ansible-ini')
    expect(detectFormat('upload', fixture('inventory.yml'))).toBe('ansible-yaml')
    expect(detectFormat('upload', fixture('ssh/config'))).toBe('ssh-config')
    expect(detectFormat('upload', fixture('ssh/config.d/10-lab.conf'))).toBe('ssh-config')
  })

  it('falls back on the file name when the content does not tell', () => {
    expect(detectFormat('hosts.csv', 'x;y\n')).toBe('csv')
    expect(detectFormat('inv.yaml', '')).toBe('ansible-yaml')
    expect(detectFormat('inv.ini', '')).toBe('ansible-ini')
    expect(detectFormat('/home/alice/.ssh/work', '# nothing yet\n')).toBe('ssh-config')
    expect(detectFormat('ssh_config', '')).toBe('ssh-config')
  })

  it('takes plain host lines as an INI inventory, and gives up on anything else', () => {
    expect(detectFormat('hosts', 'web01.lab.invalid\nweb02.lab.invalid ansible_port=2222\n')).toBe(
      'ansible-ini',
    )
    expect(detectFormat('notes.txt', 'Dear admin, please import these.\n')).toBeUndefined()
  })

  it('tells YAML from INI for --format ansible', () => {
    expect(looksLikeYamlInventory('# c\nall:\n  hosts:\n')).toBe(true)
    expect(looksLikeYamlInventory('web01.lab.invalid:2222 ansible_user=x\n')).toBe(false)
    expect(resolveFormat('ansible', 'inventory', fixture('inventory.yml'))).toBe('ansible-yaml')
    expect(resolveFormat('ansible', 'inventory', fixture('inventory.ini'))).toBe('ansible-ini')
    expect(resolveFormat('ansible', 'x.yml', '')).toBe('ansible-yaml')
    expect(resolveFormat('csv', 'x.yml', '')).toBe('csv')
  })
})

describe('parseImport', () => {
  it('dispatches on format, with ansible resolved by content', () => {
    const options = { ...HOME, file: 'f', fs: memoryFs({}) }
    expect(parseImport('ansible', 'all:\n  hosts:\n    a.lab.invalid:\n', options).hosts[0]!.name).toBe(
      'a.lab.invalid',
    )
    expect(parseImport('ansible-ini', 'b.lab.invalid\n', options).hosts[0]!.name).toBe('b.lab.invalid')
    expect(parseImport('ssh-config', 'Host c\n', options).hosts[0]!.name).toBe('c')
    expect(parseImport('csv', 'name,address\nd,127.0.0.4\n', options).hosts[0]!.name).toBe('d')
  })
})
