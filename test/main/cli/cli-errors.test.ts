import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureCliBuilt, lines, makeSiteDir, runCli, runJson } from './cli-harness'

describe('patchbay error reporting', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]

  beforeAll(async () => {
    await ensureCliBuilt()
    await runJson(['site', 'init', '--code', 'ERR', '--name', 'Errors', ...site], tmp.env)
    await runJson(['collection', 'create', '--name', 'Twin', ...site], tmp.env)
  })
  afterAll(() => tmp.cleanup())

  const cases: [string, string[], number, RegExp][] = [
    [
      'bad port',
      ['client', 'add', '127.0.0.9', '--port', 'abc'],
      2,
      /^patchbay: --port must be a number from 1 to 65535$/,
    ],
    [
      'port out of range',
      ['client', 'add', '127.0.0.9', '--port', '70000'],
      2,
      /^patchbay: --port must be a number from 1 to 65535$/,
    ],
    [
      'unknown collection',
      ['collection', 'members', 'Nowhere'],
      1,
      /^patchbay: No collection named or with ID "Nowhere"$/,
    ],
    [
      'unknown client',
      ['collection', 'add-member', 'All Systems', '--client', 'ghost'],
      1,
      /^patchbay: No client named "ghost"$/,
    ],
    [
      'bad query attribute',
      ['collection', 'create', '--name', 'Q', '--query', 'colour equals red'],
      2,
      /^patchbay: --query: unknown attribute "colour"/,
    ],
    [
      'query without value',
      ['collection', 'create', '--name', 'Q', '--query', 'name like'],
      2,
      /^patchbay: --query "name like" must read ATTRIBUTE OPERATOR VALUE/,
    ],
    [
      'bad choice',
      ['package', 'create', '--name', 'P', '--priority', 'urgent'],
      2,
      /^patchbay: option '--priority <priority>' argument 'urgent' is invalid/,
    ],
    [
      'bad date',
      [
        'advertisement',
        'create',
        '--name',
        'A',
        '--package',
        'P',
        '--program',
        'x',
        '--collection',
        'Twin',
        '--available',
        'soon',
      ],
      2,
      /^patchbay: --available must be a date and time/,
    ],
    [
      'recurrence without unit',
      [
        'advertisement',
        'create',
        '--name',
        'A',
        '--package',
        'P',
        '--program',
        'x',
        '--collection',
        'Twin',
        '--mandatory',
        '2030-01-01T00:00:00Z',
        '--recur-every',
        '2',
      ],
      2,
      /^patchbay: --recur-every and --recur-unit go together$/,
    ],
    [
      'invalid address (service)',
      ['client', 'add', 'bad address!', '--name', 'ok'],
      1,
      /^patchbay: .*Address must be a host name or an IP address$/,
    ],
    ['missing option', ['package', 'create'], 2, /^patchbay: required option '--name <name>' not specified$/],
    ['unknown option', ['client', 'list', '--colour'], 2, /^patchbay: unknown option '--colour'$/],
    [
      'unknown command',
      ['collection', 'lst'],
      2,
      /^patchbay: unknown command 'lst' \(Did you mean list\?\)$/,
    ],
    [
      'bad site code',
      ['site', 'init', '--code', '1AB', '--name', 'x'],
      2,
      /^patchbay: --code must be three letters or digits/,
    ],
    [
      're-init with another code',
      ['site', 'init', '--code', 'OTH', '--name', 'x'],
      1,
      /^patchbay: .* already holds site ERR; it cannot become OTH$/,
    ],
    [
      'scan without targets',
      ['scan'],
      2,
      /^patchbay: choose the clients with --client NAME\[,NAME…\] or --collection NAME$/,
    ],
    [
      'scan with both targets',
      ['scan', '--client', 'a', '--collection', 'b'],
      2,
      /^patchbay: use either --client or --collection, not both$/,
    ],
    ['scan of an unknown client', ['scan', '--client', 'ghost'], 1, /^patchbay: No client named "ghost"$/],
    [
      'exec without a command',
      ['exec', '--client', 'ghost'],
      2,
      /^patchbay: missing required argument 'command'$/,
    ],
    [
      'exec bad timeout',
      ['exec', '--client', 'a', '--timeout', '0', '--', 'true'],
      2,
      /^patchbay: --timeout must be a number from 1 to 86400$/,
    ],
    [
      'bad fingerprint',
      ['hostkeys', 'trust', 'ghost', '--fingerprint', 'MD5:aa'],
      2,
      /^patchbay: --fingerprint must be a SHA256 fingerprint/,
    ],
    [
      'secret kind missing',
      ['secret', 'set', 'ghost'],
      2,
      /^patchbay: choose one of --password and --passphrase$/,
    ],
    [
      'bad update state',
      ['updates', 'list', '--state', 'pending'],
      2,
      /^patchbay: option '--state <state>' argument 'pending' is invalid/,
    ],
    [
      'missing identity file',
      ['client', 'add', '127.0.0.9', '--identity', '/nonexistent/key'],
      1,
      /^patchbay: --identity \/nonexistent\/key: no such file$/,
    ],
    [
      'bad lab faults',
      ['lab', 'start', '--hosts', '2', '--faults', 'gremlins=0.5'],
      2,
      /^patchbay: --faults: bad lab fault "gremlins=0.5"/,
    ],
    [
      'lab without hosts',
      ['lab', 'start', '--hosts', '0'],
      2,
      /^patchbay: --hosts must be a number from 1 to 5000$/,
    ],
    ['unknown job', ['job', 'show', '999'], 1, /^patchbay: No job with ID 999$/],
  ]

  // Independent runs: start several CLI processes at once (each spends most of its time loading).
  it.concurrent.each(cases)(
    '%s: exit code and exactly one stderr line',
    async (_name, args, code, message) => {
      const run = await runCli([...args, ...site], tmp.env)
      expect(run.code).toBe(code)
      expect(lines(run.stderr)).toHaveLength(1)
      expect(lines(run.stderr)[0]).toMatch(message)
      expect(run.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/)
      expect(run.stdout).toBe('')
    },
  )

  it('--json errors keep stdout empty so scripts can rely on it', async () => {
    const run = await runCli(['collection', 'members', 'Nowhere', '--json', ...site], tmp.env)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
  })

  it('--help exits 0 and documents how several --query flags combine', async () => {
    const run = await runCli(['collection', 'create', '--help'], tmp.env)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain("rules are OR'ed, conditions inside one rule are AND'ed")
    expect(run.stdout).toContain('--site <path|url>')
  })
})
