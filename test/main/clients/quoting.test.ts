import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  posixCommand,
  posixQuote,
  psArray,
  psCommandLine,
  psEncoded,
  psQuote,
} from '../../../main/clients/quoting'
import { peerMissing } from '../../support/peers'

/** Every character a shell or PowerShell might read as a quote, an expansion or a separator, and then some. */
const HOSTILE = [
  `x'$(touch PWNED)'.cab`,
  `a ;touch\${IFS}PWNED;'.deb`,
  `‘$(calc)’`,
  `‚‛'“”„"\``,
  '$env:PATH `$x` @(1) ${a} %TEMP% !hist',
  'new\nline\r\ttab',
  'back\\slash\\',
  "''",
  '',
  'üñíçødé 📦',
  '-NoProfile',
  '&& || | > < 2>&1 *',
]

const PWSH = [join(homedir(), '.dotnet/tools/pwsh'), '/usr/bin/pwsh'].find((p) => existsSync(p))
const pwshSkip = peerMissing(
  'pwsh',
  PWSH ? null : 'PowerShell 7 not installed (.ci/install-test-deps.sh installs it)',
)

describe('one POSIX quoting rule', () => {
  for (const shell of ['sh', 'bash']) {
    it(`${shell} reads every hostile word back exactly, running nothing`, () => {
      for (const word of HOSTILE) {
        const r = spawnSync(shell, ['-c', `printf %s ${posixQuote(word)}`], { encoding: 'utf8', cwd: '/tmp' })
        expect(r.stdout, JSON.stringify(word)).toBe(word)
      }
      expect(existsSync('/tmp/PWNED')).toBe(false)
    })
  }

  it('quotes each argument of a command once, so names with spaces and quotes stay one argument each', () => {
    const argv = ['printf', '[%s]', 'a b.deb', `a ;touch\${IFS}PWNED;'.deb`]
    const r = spawnSync('sh', ['-c', posixCommand(argv)], { encoding: 'utf8', cwd: '/tmp' })
    expect(r.stdout).toBe(`[a b.deb][a ;touch\${IFS}PWNED;'.deb]`)
    expect(existsSync('/tmp/PWNED')).toBe(false)
  })

  it('refuses a NUL, which no shell word can hold', () => {
    expect(() => posixQuote('a\0b')).toThrow(/NUL/)
    expect(() => psQuote('a\0b')).toThrow(/NUL/)
  })
})

describe.skipIf(pwshSkip !== null)('one PowerShell quoting rule (real pwsh)', () => {
  const run = (script: string) =>
    spawnSync(PWSH!, ['-NoProfile', '-NonInteractive', '-EncodedCommand', psEncoded(script)], {
      encoding: 'utf8',
      cwd: '/tmp',
    })

  it('reads every hostile string back exactly, including ‘ ’ ‚ ‛ (which PowerShell also takes as quotes)', () => {
    const script = HOSTILE.map((s) => `[Console]::Out.Write(${psQuote(s)} + [char]0)`).join('\n')
    const r = run(script)
    expect(r.stderr).toBe('')
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(HOSTILE)
    expect(existsSync('/tmp/PWNED')).toBe(false)
  }, 60_000)

  it('an array literal keeps each element whole', () => {
    const r = run(`$a = ${psArray(HOSTILE)}; [Console]::Out.Write($a.Count)`)
    expect(r.stdout).toBe(String(HOSTILE.length))
  }, 60_000)

  it('the OpenSSH command line carries the script only as base64', () => {
    const line = psCommandLine(`Write-Output ${psQuote(HOSTILE[0]!)}`)
    expect(line).toMatch(
      /^powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/=]+$/,
    )
  })
})

describe('bare words', () => {
  it('leaves plain words bare, including a ~ inside a Debian version, and quotes a ~ shells would expand', async () => {
    const { posixWord } = await import('../../../main/clients/quoting')
    expect(posixWord('./libssl3_3.0.13-1~deb12u1_amd64.deb')).toBe('./libssl3_3.0.13-1~deb12u1_amd64.deb')
    for (const expanded of ['~', '~root', 'a=~', 'PATH=x:~/bin'])
      expect(posixWord(expanded)).toBe(`'${expanded}'`)
    for (const word of ['./libssl3_3.0.13-1~deb12u1_amd64.deb', '~', 'a=~', 'x:~/bin', 'a b'])
      expect(spawnSync('bash', ['-c', `printf %s ${posixWord(word)}`], { encoding: 'utf8' }).stdout).toBe(
        word,
      )
  })
})
