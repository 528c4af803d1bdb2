import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WINDOWS_HARDWARE_SCRIPT } from '../../../../main/clients/inventory/windows-hardware'
import { remotingScript } from '../../../../main/clients/powershell/remoting-script'
import { wuaInstallScript } from '../../../../main/clients/platforms/wua-install-script'
import {
  STDIN_BOOTSTRAP,
  compactPowerShell,
  gzipBootstrap,
  invokeCommandScript,
  wuaScanScript,
} from '../../../../main/clients/platforms/wua-scan-script'
import { PwshHarness, pwshMissing } from '../../../support/pwsh'

// Every PowerShell script generator is checked by PowerShell's own parser ([Parser]::ParseInput) in real pwsh, with
// hostile data: no parse errors, and each piece of data arrives as ONE single-quoted literal with its exact value
// (a broken quote would split it, or run part of it as code).
const skip = pwshMissing()

const HOSTILE = [
  `it's`,
  `‘left’ ’right‚ ‛rev`,
  `"double" $(touch /tmp/PWNED) \${env:PATH} $env:HOME`,
  'back`tick `n `$x',
  'line1\nline2\r\nline3',
  `'; Remove-Item -Recurse C:\\ ; '`,
  `@' here-string '@ <# comment #> # hash`,
  `ü 🛡 \u2028 ; & | > < 2>&1 *`,
]
const ID1 = '8f2b7d0c-3a4e-4b8e-9c1d-2e5f6a7b8c9d'

describe.skipIf(skip !== null)("PowerShell's parser on every generated script (real pwsh)", () => {
  let ps: PwshHarness
  beforeAll(async () => {
    ps = await PwshHarness.open()
  }, 60_000)
  afterAll(() => ps?.close())

  const clean = async (script: string) => {
    const r = await ps.parse(script)
    expect(r.errors, script.slice(0, 200)).toEqual([])
    return r.literals
  }

  it('the parser reports a broken script (the check can fail)', async () => {
    expect((await ps.parse(`$x = 'open`)).errors).toHaveLength(1)
    expect((await ps.parse(`Write-Output ('a'`)).errors.length).toBeGreaterThan(0)
  }, 60_000)

  it('the WUA scan script, both variants, as written and compacted', async () => {
    for (const installed of [true, false]) {
      const script = wuaScanScript({ includeInstalled: installed })
      await clean(script)
      expect(await clean(compactPowerShell(script))).toContain(
        installed ? 'IsInstalled=0 and IsHidden=0 or IsInstalled=1' : 'IsInstalled=0 and IsHidden=0',
      )
    }
  }, 60_000)

  it('the WUA install script with hostile local file paths, file keys and idempotency key, compacted too', async () => {
    const data = HOSTILE.filter((h) => !/[\r\n]/.test(h))
    const script = wuaInstallScript({
      updateIds: [ID1],
      localFiles: { [ID1]: data, [data[4]!]: [data[0]!] },
      idempotencyKey: data.join(''),
    })
    for (const s of [script, compactPowerShell(script)]) {
      const literals = await clean(s)
      for (const h of [...data, data.join(''), ID1]) expect(literals).toContain(h)
    }
  }, 60_000)

  it('the WUA install script refuses line breaks in data, which compaction (line by line) would change', () => {
    const multi = HOSTILE.find((h) => h.includes('\n'))!
    expect(() => wuaInstallScript({ updateIds: [ID1], localFiles: { [ID1]: [multi] } })).toThrow(
      /control character/,
    )
    expect(() => wuaInstallScript({ updateIds: [ID1], idempotencyKey: 'a\rb' })).toThrow(/control character/)
    expect(() => wuaInstallScript({ updateIds: [ID1], localFiles: { [multi]: ['x'] } })).toThrow(
      /control character/,
    )
  })

  it('the gzip and stdin bootstraps', async () => {
    await clean(gzipBootstrap(compactPowerShell(wuaScanScript())))
    await clean(STDIN_BOOTSTRAP)
  }, 60_000)

  it('Invoke-Command from a console host, with a hostile computer name and script', async () => {
    const parsed = await ps.parseAll(
      HOSTILE.map((h) => invokeCommandScript(`Write-Output ${JSON.stringify(h)}`, h)),
    )
    HOSTILE.forEach((h, i) => {
      expect(parsed[i]!.errors, JSON.stringify(h)).toEqual([])
      expect(parsed[i]!.literals).toContain(h)
      expect(parsed[i]!.literals).toContain(`Write-Output ${JSON.stringify(h)}`)
    })
  }, 60_000)

  it('the remoting wrapper, with hostile computer name, user, password and script', async () => {
    const parsed = await ps.parseAll(
      HOSTILE.map((h) =>
        remotingScript({ computerName: h, port: 5986, user: `${h}u`, password: `${h}p` }, `# ${h}`),
      ),
    )
    HOSTILE.forEach((h, i) => {
      expect(parsed[i]!.errors, JSON.stringify(h)).toEqual([])
      for (const v of [h, `${h}u`, `${h}p`, `# ${h}`]) expect(parsed[i]!.literals).toContain(v)
    })
  }, 60_000)

  it('the Windows hardware inventory script', async () => {
    await clean(WINDOWS_HARDWARE_SCRIPT)
    await clean(compactPowerShell(WINDOWS_HARDWARE_SCRIPT))
  }, 60_000)
})
