// Property tests of the OpenSSH client config reader (Includes read from an in-memory file system).
import { describe, expect, it } from 'vitest'
import { parseSshConfig } from '../../../../main/clients/import/ssh-config'
import { elapsed } from '../parsing/property-kit'
import { HOME, fixture, memoryFs } from './fixtures'
import { importProperties } from './import-property-kit'

const FILES = {
  '/home/alice/.ssh/config.d/10-lab.conf': fixture('ssh/config.d/10-lab.conf'),
  '/home/alice/.ssh/config.d/20-windows.conf': fixture('ssh/config.d/20-windows.conf'),
}
const read = (text: string) =>
  parseSshConfig(text, { file: 'config', ...HOME, fs: memoryFs(FILES), path: '/home/alice/.ssh/config' })

describe('ssh_config import (property)', () => {
  importProperties(read, fixture('ssh/config'), [
    'Host ',
    'HostName ',
    'Port ',
    'Include ',
    'Match ',
    'IdentityFile ',
    '%h',
    '%%',
    '${HOME}',
    '"',
    '=',
    '*',
    '!',
    '?',
    '\n',
  ])

  it('reads 1500 hosts against 1500 wildcard blocks in bounded time', () => {
    let cfg = ''
    for (let i = 0; i < 1500; i++) cfg += `Host h${i}\n  HostName 127.0.0.1\n`
    for (let i = 0; i < 1500; i++) cfg += `Host *\n  User u${i}\n`
    expect(elapsed(() => expect(read(cfg).hosts).toHaveLength(1500))).toBeLessThan(10_000)
  })
})
