import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { commandLine, quoteArgument } from '../../../main/cli/exec'

describe('patchbay exec: the remote command line from several arguments', () => {
  it('each argument reaches the remote shell whole and literal', () => {
    const args = ['printf', '[%s]', 'plain', 'two words', `it's`, '$HOME', '`id`', 'a;b', '~', 'x"y', 'p%q']
    const r = spawnSync('sh', ['-c', commandLine(args)], { encoding: 'utf8' })
    expect(r.stdout).toBe(
      args
        .slice(2)
        .map((a) => `[${a}]`)
        .join(''),
    )
  })

  it('uses double quotes only where sh and cmd both read them literally', () => {
    expect(quoteArgument('two words')).toBe('"two words"')
    expect(quoteArgument('plain-1.0')).toBe('plain-1.0')
    expect(quoteArgument('$HOME')).toBe(`'$HOME'`)
    expect(quoteArgument('p%q')).toBe('p%q')
    expect(quoteArgument('50% off')).toBe(`'50% off'`)
  })
})
