import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  expandTokens,
  hostConditionMatches,
  matchHostPattern,
  parseSshConfig,
  type SshConfigImportOptions,
} from '../../../../main/clients/import/ssh-config'
import { MAX_INCLUDE_DEPTH, tokenizeSshLine } from '../../../../main/clients/import/ssh-config-reader'
import { FIXTURES, HOME, expectImportError, fixture, memoryFs } from './fixtures'

const SSH_DIR = join(FIXTURES, 'ssh')
const real: SshConfigImportOptions = {
  ...HOME,
  file: 'config',
  path: join(SSH_DIR, 'config'),
  sshDir: SSH_DIR,
}

/** Parses an in-memory config whose ~/.ssh is /home/alice/.ssh. */
function parse(text: string, files: Record<string, string> = {}) {
  return parseSshConfig(text, {
    ...HOME,
    file: 'config',
    path: '/home/alice/.ssh/config',
    fs: memoryFs(files),
  })
}

describe('parseSshConfig on a realistic config', () => {
  const result = parseSshConfig(fixture('ssh/config'), real)
  const host = (name: string) => result.hosts.find((h) => h.name === name)

  it('imports every concrete alias once, included files in place, in order', () => {
    expect(result.hosts.map((h) => h.name)).toEqual([
      'lab-deb',
      'lab-rpm',
      'win-build',
      'bastion',
      'web1',
      'web2',
      'db1',
      'app.lab.invalid',
    ])
  })

  it('takes the first value of each setting, wildcard blocks as defaults', () => {
    expect(host('bastion')).toEqual({
      name: 'bastion',
      address: '127.0.10.1',
      port: 22,
      user: 'ops',
      identityFile: '/home/alice/.ssh/id_bastion',
      platform: 'unknown',
      groups: [],
      line: 9,
    })
    // web2's own block comes before `Host !bastion *`; web1 has none, so it gets the default user
    expect(host('web1')).toMatchObject({ address: 'web1.lab.invalid', port: 2222, user: 'defaultuser' })
    expect(host('web2')).toMatchObject({
      address: 'web2.lab.invalid',
      port: 2222,
      user: 'web2user',
      line: 14,
    })
    // an alias matching `*.lab.invalid` gets its user and is its own address
    expect(host('app.lab.invalid')).toMatchObject({ address: 'app.lab.invalid', user: 'labuser', port: 22 })
  })

  it('keeps the first definition of an alias repeated later', () => {
    expect(host('lab-deb')).toMatchObject({ address: '127.0.20.11', file: 'config.d/10-lab.conf', line: 2 })
    expect(host('lab-rpm')).toMatchObject({ port: 2022, user: 'labops' })
  })

  it('expands ~, %d, %n, %r and %h in the first IdentityFile, after User and HostName are known', () => {
    expect(host('lab-deb')!.identityFile).toBe('/home/alice/.ssh/lab_lab-deb')
    expect(host('web1')!.identityFile).toBe('/home/alice/.ssh/id_defaultuser@web1.lab.invalid')
    expect(host('db1')!.identityFile).toBe('/home/alice/.ssh/keys/db one')
  })

  it('skips Match blocks, include loops and notes ProxyJump, with warnings', () => {
    expect(result.warnings).toEqual([
      'config.d/90-loop.conf line 2: Include of config would loop; skipped',
      'config line 5: "Match host web* exec "test -f /etc/lab-vpn"" is not supported; its settings are skipped',
      'config.d/20-windows.conf line 4: win-build uses ProxyJump, which Patchbay does not; it connects directly',
    ])
    expect(result.hosts.some((h) => h.user === 'matchuser' || h.port === 2200)).toBe(false)
  })

  it('throws at the Port line for a port out of range', () => {
    const err = expectImportError(
      () => parseSshConfig(fixture('ssh/bad-port.config'), { ...real, file: 'bad-port.config' }),
      'bad-port.config line 6: port 70000 is not 1–65535',
    )
    expect(err.line).toBe(6)
  })
})

describe('ssh config syntax', () => {
  it('splits lines like OpenSSH: Key=Value, quotes, escapes, trailing comments, any case', () => {
    expect(tokenizeSshLine('  HostName=127.0.0.5', 'c', 1)).toEqual({
      keyword: 'hostname',
      args: ['127.0.0.5'],
    })
    expect(tokenizeSshLine('IDENTITYFILE = "~/my key" # mine', 'c', 1)).toEqual({
      keyword: 'identityfile',
      args: ['~/my key'],
    })
    expect(tokenizeSshLine(String.raw`Host a\ b 'c d' e#f`, 'c', 1)).toEqual({
      keyword: 'host',
      args: ['a b', 'c d', 'e#f'],
    })
    expect(tokenizeSshLine('   # just a comment', 'c', 1)).toBeUndefined()
    expectImportError(
      () => tokenizeSshLine('User "ops', 'c', 3),
      'c line 3: unterminated quote in "User "ops"',
    )
  })

  it('matches Host patterns with * ? and ! like OpenSSH, ignoring case', () => {
    expect(matchHostPattern('web?.lab.*', 'WEB1.lab.invalid')).toBe(true)
    expect(matchHostPattern('web?', 'web12')).toBe(false)
    expect(hostConditionMatches({ patterns: ['*', '!bastion'] }, 'bastion')).toBe(false)
    expect(hostConditionMatches({ patterns: ['!bastion'] }, 'web1')).toBe(false)
  })

  it('expands %% and reports unknown tokens', () => {
    const unknown = new Set<string>()
    expect(expandTokens('%%h-%h-%C', { h: 'web' }, unknown)).toBe('%h-web-%C')
    expect([...unknown]).toEqual(['C'])
  })

  it('uses the alias as address, warns about unknown tokens, treats IdentityFile none as none', () => {
    const r = parse(
      [
        'host a1',
        'host a2',
        '  identityfile none',
        'host *',
        '  identityfile ~/.ssh/id_%C',
        '  user root',
        '  ProxyCommand none',
      ].join('\n'),
    )
    expect(r.hosts.map((h) => [h.name, h.address, h.user, h.identityFile])).toEqual([
      ['a1', 'a1', 'root', '/home/alice/.ssh/id_%C'],
      ['a2', 'a2', 'root', ''],
    ])
    expect(r.warnings).toEqual(['config line 5: IdentityFile token %C left as written'])
  })

  it('expands ${VAR} in IdentityFile from the given environment', () => {
    const r = parseSshConfig('Host k\n IdentityFile ${KEYS}/k_%u\n', {
      ...HOME,
      file: 'config',
      env: { KEYS: '/srv/keys' },
      fs: memoryFs({}),
    })
    expect(r.hosts[0]!.identityFile).toBe('/srv/keys/k_alice')
  })

  it('treats Match all as Host *', () => {
    expect(parse('Host m\nMatch all\n  Port 2201\n').hosts[0]!.port).toBe(2201)
  })

  it('throws for a keyword without value and for a Host without patterns', () => {
    expectImportError(() => parse('Host x\n  HostName\n'), 'config line 2: hostname needs a value')
    expectImportError(() => parse('Host\n'), 'config line 1: Host needs at least one pattern')
    expectImportError(() => parse('Host x\n  Port ssh\n'), 'config line 2: port "ssh" is not a number')
  })

  it('throws for a HostName that is not an address', () => {
    expectImportError(
      () => parse('Host x\n  HostName bad_name!\n'),
      'config line 1: address "bad_name!" is not a host name or IP address',
    )
  })

  it('repairs an alias Patchbay does not accept as a name, with a warning', () => {
    const r = parse('Host ops@box\n  HostName 127.0.0.9\n')
    expect(r.hosts[0]!.name).toBe('ops-box')
    expect(r.warnings).toEqual([
      'config line 1: name "ops@box" is not a valid resource name; imported as "ops-box"',
    ])
  })
})

describe('ssh config Include', () => {
  it('resolves relative paths against ~/.ssh, globs sorted, ~ and absolute paths, ignores missing files', () => {
    const r = parse('Include conf.d/*.conf ~/.ssh/extra /etc/ssh/missing\nHost main\n', {
      '/home/alice/.ssh/conf.d/b.conf': 'Host b\n',
      '/home/alice/.ssh/conf.d/a.conf': 'Host a\n',
      '/home/alice/.ssh/conf.d/.hidden.conf': 'Host hidden\n',
      '/home/alice/.ssh/conf.d/notes.txt': 'Host notes\n',
      '/home/alice/.ssh/extra': 'Host extra\n',
    })
    expect(r.hosts.map((h) => [h.name, h.file])).toEqual([
      ['a', 'conf.d/a.conf'],
      ['b', 'conf.d/b.conf'],
      ['extra', 'extra'],
      ['main', undefined],
    ])
  })

  it('applies an Include inside a Host block only to hosts that block matches', () => {
    const r = parse('Host web*\n  Include web-defaults\nHost web1 db1\n', {
      '/home/alice/.ssh/web-defaults': 'User www\nHost *1\n  Port 2022\n',
    })
    expect(r.hosts.map((h) => [h.name, h.user, h.port])).toEqual([
      ['web1', 'www', 2022],
      ['db1', '', 22],
    ])
  })

  it('skips a file including itself, with a warning', () => {
    const r = parse('Include config\nHost x\n', { '/home/alice/.ssh/config': 'Include config\nHost x\n' })
    expect(r.hosts.map((h) => h.name)).toEqual(['x'])
    expect(r.warnings).toEqual(['config line 1: Include of config would loop; skipped'])
  })

  it(`throws past ${MAX_INCLUDE_DEPTH} nested includes`, () => {
    const files: Record<string, string> = {}
    for (let i = 0; i <= MAX_INCLUDE_DEPTH; i++)
      files[`/home/alice/.ssh/f${i}`] = `Include f${i + 1}\nHost h${i}\n`
    expectImportError(
      () => parse('Include f0\n', files),
      `f${MAX_INCLUDE_DEPTH - 1} line 1: Include nests deeper than ${MAX_INCLUDE_DEPTH} files`,
    )
  })

  it('reports errors in included files with the included file name', () => {
    expectImportError(
      () => parse('Include bad\n', { '/home/alice/.ssh/bad': '\nHost b\n  Port 0\n' }),
      'bad line 3: port 0 is not 1–65535',
    )
  })
})
