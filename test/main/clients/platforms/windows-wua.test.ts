import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  CMD_LINE_LIMIT,
  STDIN_BOOTSTRAP,
  WUA_SCAN_SCRIPT,
  compactPowerShell,
  invokeCommandScript,
  powerShellInvocation,
} from '../../../../main/clients/platforms/wua-scan-script'
import { psEncoded as encodePowerShell } from '../../../../main/clients/quoting'
import { normalizeKb, parseWuaScan, wuaClassification } from '../../../../main/clients/platforms/windows-wua'

/** Output in the shape our script prints, with Windows PowerShell 5.1 ConvertTo-Json quirks (synthetic, see names). */
function scanJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    SchemaVersion: 1,
    ComputerName: 'WIN-LAB01',
    OsName: 'Microsoft Windows Server 2019 Datacenter',
    OsVersion: '10.0.17763',
    AgentVersion: '10.0.17763.5830',
    RebootPending: true,
    RebootReasons: 'CBS',
    Updates: {
      UpdateID: 'B2A9C8D0-1111-4222-8333-944455556666',
      RevisionNumber: 200,
      Title: '2017-11 Security and Quality Rollup for .NET Framework 3.5 on Windows 8.1 (KB4049017)',
      KBArticleIDs: '4049017',
      Classification: 'Sicherheitsupdates',
      ClassificationID: '0fa1201d-4330-4fa8-8ae9-b877473b6441',
      Products: 'Windows Server 2019',
      MsrcSeverity: 'Important',
      Type: 1,
      LastDeploymentChangeTime: '/Date(1511740800000)/',
      MaxDownloadSize: 48211968,
      SupersededUpdateIDs: null,
      IsInstalled: false,
      IsDownloaded: true,
      RebootRequired: false,
      SupportUrl: 'https://support.microsoft.com/help/4049017',
    },
    HotFixes: [
      { HotFixID: 'KB4019215', Description: 'Security Update', InstalledOn: '2017-06-05T00:00:00Z' },
    ],
    ...overrides,
  })
}

// The script itself runs in real pwsh in wua-scripts-pwsh.test.ts and is parsed in powershell-parse.test.ts.
describe('WUA scan script invocation (command line, bootstraps)', () => {
  it('encodes UTF-16LE base64 for -EncodedCommand and fits cmd.exe’s 8191-character limit', () => {
    expect(encodePowerShell('dir')).toBe(Buffer.from('d\0i\0r\0', 'latin1').toString('base64'))
    const inv = powerShellInvocation(WUA_SCAN_SCRIPT)
    expect(inv.command).toMatch(
      /^powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/=]+$/,
    )
    expect(inv.command.length).toBeLessThanOrEqual(CMD_LINE_LIMIT)
    expect(inv.stdin).toBeUndefined()
    const bootstrap = Buffer.from(inv.command.split(' ').pop()!, 'base64').toString('utf16le')
    const blob = /FromBase64String\('([A-Za-z0-9+/=]+)'\)/.exec(bootstrap)![1]!
    expect(gunzipSync(Buffer.from(blob, 'base64')).toString('utf8')).toBe(compactPowerShell(WUA_SCAN_SCRIPT))
    const small = powerShellInvocation('Get-Date')
    expect(Buffer.from(small.command.split(' ').pop()!, 'base64').toString('utf16le')).toBe('Get-Date')
  })

  it('falls back to a stdin bootstrap for scripts too long for one command line', () => {
    const long = `${WUA_SCAN_SCRIPT}\n${[...Array(3000).keys()].map((i) => `$v${i} = '${(i * 7919) % 10007}'`).join('\n')}`
    const inv = powerShellInvocation(long)
    expect(inv.command.length).toBeLessThanOrEqual(CMD_LINE_LIMIT)
    expect(Buffer.from(inv.command.split(' ').pop()!, 'base64').toString('utf16le')).toBe(STDIN_BOOTSTRAP)
    expect(inv.stdin).toBe(compactPowerShell(long))
  })

  it('wraps the script for Invoke-Command from a console host (node-powershell)', () => {
    expect(invokeCommandScript("Write-Output 'x'", 'srv-01')).toBe(
      "Invoke-Command -ComputerName 'srv-01' -ScriptBlock ([scriptblock]::Create('Write-Output ''x'''))",
    )
  })
})

describe('WUA scan JSON parser (synthetic output of our script, with PowerShell 5.1 quirks)', () => {
  it('handles collapsed one-element arrays, /Date()/ dates, null lists and localized classification names', () => {
    const r = parseWuaScan(`\uFEFF${scanJson()}\r\n`)
    expect(r).toMatchObject({
      platform: 'windows',
      osName: 'Microsoft Windows Server 2019 Datacenter',
      agentVersion: '10.0.17763.5830',
      rebootPending: true,
      rebootReasons: ['CBS'],
      installedHotfixes: [
        { kb: 'KB4019215', description: 'Security Update', installedOn: '2017-06-05T00:00:00.000Z' },
      ],
    })
    expect(r.updates).toEqual([
      {
        id: 'b2a9c8d0-1111-4222-8333-944455556666',
        vendor: 'microsoft',
        title: '2017-11 Security and Quality Rollup for .NET Framework 3.5 on Windows 8.1 (KB4049017)',
        classification: 'Security Updates',
        vendorClassification: 'Sicherheitsupdates',
        severity: 'Important',
        kb: 'KB4049017',
        revision: 200,
        products: ['Windows Server 2019'],
        size: 48211968,
        releaseDate: '2017-11-27T00:00:00.000Z',
        supersededIds: [],
        installed: false,
        downloaded: true,
        rebootRequired: false,
        supportUrl: 'https://support.microsoft.com/help/4049017',
      },
    ])
  })

  it('accepts an empty scan ($null lists) and noise lines before the JSON', () => {
    const r = parseWuaScan(
      `Loading personal profile...\n${scanJson({ Updates: null, HotFixes: [], RebootReasons: [] })}`,
    )
    expect(r.updates).toEqual([])
    expect(r.installedHotfixes).toEqual([])
  })

  it('turns the script’s error object and bad JSON into clear errors', () => {
    expect(() =>
      parseWuaScan('{"error":"Exception from HRESULT: 0x8024402C","hresult":"0x8024402C"}'),
    ).toThrow('WUA scan failed on the client: Exception from HRESULT: 0x8024402C (0x8024402C)')
    expect(() => parseWuaScan('')).toThrow(/not JSON \(empty output\)/)
    expect(() => parseWuaScan('powershell : not recognized')).toThrow(
      /not JSON: "powershell : not recognized"/,
    )
    expect(() => parseWuaScan(scanJson({ Updates: [{ UpdateID: 'nope' }] }))).toThrow(
      /WUA scan JSON is invalid at Updates\.0\.UpdateID: UpdateID must be a GUID/,
    )
    expect(() => parseWuaScan(scanJson({ HotFixes: { HotFixID: 'KB1', InstalledOn: 'yesterday' } }))).toThrow(
      /HotFixes.*not a date/,
    )
  })

  it('maps classifications by category ID, then English name', () => {
    expect(wuaClassification('Definition Updates')).toBe('Definition Updates')
    expect(wuaClassification('Mises à jour critiques', 'E6CF1350-C01B-414D-A61F-263D14D133B4')).toBe(
      'Critical Updates',
    )
    expect(wuaClassification('UpdateRollups')).toBe('Update Rollups')
    expect(wuaClassification('Guidance')).toBe('Updates')
    expect(normalizeKb('890830')).toBe('KB890830')
  })
})
