import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultProgram, packageCommandLine } from '../../../../main/core/wizard/programs'

describe("the wizard's package command line", () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-programs-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const bin = join(dir, 'bin')
  mkdirSync(bin)
  for (const tool of ['apt-get', 'dnf']) {
    writeFileSync(join(bin, tool), `#!/bin/sh\nprintf '[%s]' "$@"\n`)
    chmodSync(join(bin, tool), 0o755)
  }
  /** Runs a package command line in sh with apt-get and dnf stubbed to print their arguments. */
  const argsOf = (line: string) =>
    spawnSync('sh', ['-c', line], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    }).stdout

  it("keeps hostile file names whole and runs nothing they hold ('a b.deb', \"a ;touch${IFS}PWNED;'.deb\")", () => {
    const a = ['a b.deb']
    const b = [`a ;touch\${IFS}PWNED;'.deb`, 'c.deb']
    const line = packageCommandLine('linux', [
      { program: defaultProgram('deb:a', 'linux', a), files: a },
      { program: defaultProgram('deb:b', 'linux', b), files: b },
      { program: defaultProgram('deb:c', 'linux', ['c.deb']), files: ['c.deb'] },
    ])
    expect(argsOf(line)).toBe(
      `[install][-y][--allow-downgrades][-o][Dir::Etc::sourcelist=/dev/null][-o][Dir::Etc::sourceparts=-][./a b.deb][./a ;touch\${IFS}PWNED;'.deb][./c.deb]`,
    )
    expect(existsSync(join(dir, 'PWNED'))).toBe(false)
  })

  it('keeps plain names bare, and an edited program as the admin wrote it', () => {
    const line = packageCommandLine('linux', [
      { program: defaultProgram('deb:x', 'linux', ['x_1.0_amd64.deb']), files: ['x_1.0_amd64.deb'] },
      {
        program: { ...defaultProgram('deb:y', 'linux', ['y.deb']), commandLine: 'dpkg -i ./y.deb' },
        files: ['y.deb'],
      },
    ])
    expect(line).toBe(
      'apt-get install -y --allow-downgrades -o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts=- ./x_1.0_amd64.deb && dpkg -i ./y.deb',
    )
    const rpm = defaultProgram('rpm:z', 'linux', ['z 1.rpm'])
    expect(argsOf(rpm.commandLine)).toBe('[install][-y][./z 1.rpm]')
  })

  it('gives a Windows file name cmd.exe could misread no default program', () => {
    expect(defaultProgram('KB1', 'windows', ['kb1-x64.msu']).commandLine).toBe('wusa.exe kb1-x64.msu')
    const odd = defaultProgram('KB2', 'windows', ['kb2 & calc.msu'])
    expect(odd.commandLine).toBe('')
    expect(odd.verified).toBe(false)
  })
})
