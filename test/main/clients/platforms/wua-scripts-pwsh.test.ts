import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseWuaScan } from '../../../../main/clients/platforms/windows-wua'
import { parseWuaInstall } from '../../../../main/clients/platforms/wua-install-result'
import { wuaInstallInvocation, wuaInstallScript } from '../../../../main/clients/platforms/wua-install-script'
import {
  STDIN_BOOTSTRAP,
  WUA_SCAN_SCRIPT,
  powerShellInvocation,
  wuaScanScript,
} from '../../../../main/clients/platforms/wua-scan-script'
import { psEncoded, psQuote } from '../../../../main/clients/quoting'
import { PWSH, PwshHarness, SCHEDULED_TASKS_STAND_IN, WUA_STAND_IN, pwshMissing } from '../../../support/pwsh'

// The generated WUA scripts run unchanged in real pwsh (driven by node-powershell) against the WUA stand-in
// (test/support/wua-stand-in.ps1); what they print is read by the product's own parsers.
const skip = pwshMissing()

const SEC = '0fa1201d-4330-4fa8-8ae9-b877473b6441'
const A = '8f2b7d0c-3a4e-4b8e-9c1d-2e5f6a7b8c9d'
const B = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
const C = 'c0ffee00-1111-4222-8333-444455556666'
const D = 'd00dfeed-2222-4333-8444-555566667777'
const HOSTILE_TITLE = `It's ‘q’ ’r‚ ‛s "t" $(touch PWNED) \`n ; & | ü 🛡 \\ end`

const update = (id: string, kb: string, o: Record<string, unknown> = {}) => ({
  UpdateID: id,
  RevisionNumber: 200,
  Title: `2024-01 Cumulative Update (KB${kb})`,
  KBArticleIDs: [kb],
  Categories: [
    { Name: 'Security Updates', Type: 'UpdateClassification', CategoryID: SEC },
    { Name: 'Windows Server 2022', Type: 'Product', CategoryID: '' },
  ],
  MsrcSeverity: 'Critical',
  LastDeploymentChangeTime: '2024-01-09T00:00:00Z',
  MaxDownloadSize: 48211968,
  SupportUrl: `https://support.microsoft.com/help/${kb}`,
  ...o,
})

describe.skipIf(skip !== null)('WUA scripts in real pwsh against the WUA stand-in', () => {
  let ps: PwshHarness
  beforeAll(async () => {
    ps = await PwshHarness.open()
  }, 60_000)
  afterAll(() => ps?.close())

  const log = (path: string) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { Call: string; Data: unknown })

  describe('scan script', () => {
    it('names a pending restart from PendingFileRenameOperations and from Windows Update; none when neither is set', async () => {
      const SM = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager'
      const pending = parseWuaScan(
        (
          await ps.runWithStandIn(WUA_SCAN_SCRIPT, {
            RegistryKeys: [
              'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired',
            ],
            RegistryValues: { [SM]: { PendingFileRenameOperations: ['\\??\\C:\\Windows\\x.dll.new', ''] } },
          })
        ).stdout,
      )
      expect(pending).toMatchObject({
        rebootPending: true,
        rebootReasons: ['WindowsUpdate', 'PendingFileRenameOperations'],
      })
      // The Session Manager key exists without the value: no reason.
      const clean = parseWuaScan(
        (
          await ps.runWithStandIn(WUA_SCAN_SCRIPT, {
            RegistryValues: { [SM]: { BootExecute: ['autocheck'] } },
          })
        ).stdout,
      )
      expect(clean).toMatchObject({ rebootPending: false, rebootReasons: [] })
    })

    it('prints JSON the scan parser reads: updates, hotfixes, OS, pending restart from CBS and SystemInfo', async () => {
      const r = await ps.runWithStandIn(WUA_SCAN_SCRIPT, {
        Updates: [
          update(A, '5034441', { Title: HOSTILE_TITLE }),
          update(B, '5034123', {
            IsInstalled: true,
            IsDownloaded: true,
            SupersededUpdateIDs: [C.toUpperCase()],
          }),
          update(C, '5000001', { IsHidden: true }),
        ],
        Os: { Caption: 'Microsoft Windows Server 2022 Datacenter', Version: '10.0.20348' },
        HotFixes: [
          { HotFixID: 'KB5034123', Description: 'Security Update', InstalledOn: '2024-01-10T00:00:00Z' },
        ],
        RegistryKeys: [
          'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending',
        ],
        SystemInfoRebootRequired: true,
      })
      expect(r.code).toBe(0)
      const scan = parseWuaScan(r.stdout)
      expect(scan).toMatchObject({
        platform: 'windows',
        osName: 'Microsoft Windows Server 2022 Datacenter',
        osVersion: '10.0.20348',
        rebootPending: true,
        rebootReasons: ['CBS', 'SystemInfo'],
        installedHotfixes: [
          { kb: 'KB5034123', description: 'Security Update', installedOn: '2024-01-10T00:00:00.000Z' },
        ],
      })
      // The hidden update is left out by the search criteria; the installed one is kept (IsInstalled=1).
      expect(scan.updates.map((u) => [u.id, u.kb, u.installed])).toEqual([
        [A, 'KB5034441', false],
        [B, 'KB5034123', true],
      ])
      expect(scan.updates[0]).toMatchObject({
        title: HOSTILE_TITLE,
        classification: 'Security Updates',
        severity: 'Critical',
        products: ['Windows Server 2022'],
        releaseDate: '2024-01-09T00:00:00.000Z',
        size: 48211968,
        revision: 200,
      })
      expect(scan.updates[1]!.supersededIds).toEqual([C])
      expect(r.stdout).not.toMatch(/[^\x20-\x7e]/) // non-ASCII is escaped, so no console code page can mangle it
    }, 60_000)

    it('without installed updates, the criteria leave them out', async () => {
      const r = await ps.runWithStandIn(wuaScanScript({ includeInstalled: false }), {
        Updates: [update(A, '5034441'), update(B, '5034123', { IsInstalled: true })],
      })
      expect(parseWuaScan(r.stdout).updates.map((u) => u.id)).toEqual([A])
      expect(parseWuaScan(r.stdout).rebootPending).toBe(false)
    }, 60_000)

    it('a failing search prints the error object with its HResult and exits 1', async () => {
      const r = await ps.runWithStandIn(WUA_SCAN_SCRIPT, { Throw: { Search: '0x8024402C' } })
      expect(r.code).toBe(1)
      expect(() => parseWuaScan(r.stdout)).toThrow(/WUA scan failed on the client: .*\(0x8024402C\)/)
    }, 60_000)

    it('a machine without the WUA COM class fails the same way (REGDB_E_CLASSNOTREG would name it)', async () => {
      const r = await ps.runWithStandIn(WUA_SCAN_SCRIPT, { Throw: { CreateUpdateSearcher: '0x80070422' } })
      expect(r.code).toBe(1)
      expect(() => parseWuaScan(r.stdout)).toThrow(/\(0x80070422\)/)
    }, 60_000)
  })

  describe('install script', () => {
    it('downloads, accepts the EULA, installs and reports a restart (exit 0)', async () => {
      const logPath = ps.file('calls.jsonl')
      const r = await ps.runWithStandIn(wuaInstallScript({ updateIds: [A] }), {
        LogPath: logPath,
        Updates: [
          update(A, '5034441', {
            EulaAccepted: false,
            Install: { ResultCode: 2, HResult: '0x00000000', RebootRequired: true },
          }),
        ],
      })
      expect(r.code).toBe(0)
      const res = parseWuaInstall(r.stdout)
      expect(res).toMatchObject({ ok: true, rebootRequired: true, resultCode: 2 })
      expect(res.updates).toEqual([
        expect.objectContaining({
          updateId: A,
          kb: 'KB5034441',
          outcome: 'installed',
          hresult: '0x00000000',
        }),
      ])
      expect(res.message).toBe('1 installed, restart required')
      const calls = log(logPath)
      expect(calls.map((c) => c.Call)).toEqual(
        expect.arrayContaining(['Search', 'AcceptEula', 'Download', 'Install']),
      )
      expect(calls.find((c) => c.Call === 'Search')!.Data).toBe(`UpdateID='${A}'`)
    }, 60_000)

    it('names already-installed, not-found and failed updates with their HResults (exit 1)', async () => {
      const r = await ps.runWithStandIn(wuaInstallScript({ updateIds: [A, B, C, D] }), {
        Updates: [
          update(A, '5034441', { IsDownloaded: true }),
          update(B, '5034123', { IsInstalled: true }),
          update(D, '5034999', { IsDownloaded: true, Install: { ResultCode: 4, HResult: '0x80070643' } }),
        ],
      })
      expect(r.code).toBe(1)
      const res = parseWuaInstall(r.stdout)
      expect(res.ok).toBe(false)
      expect(res.resultCode).toBe(3)
      expect(res.updates.map((u) => [u.updateId, u.outcome, u.hresult])).toEqual([
        [B, 'already-installed', '0x00000000'],
        [C, 'not-found', '0x80240024'],
        [A, 'installed', '0x00000000'],
        [D, 'failed', '0x80070643'],
      ])
      expect(res.message).toContain('KB5034999: Failed 0x80070643 ERROR_INSTALL_FAILURE')
      expect(res.message).toContain(`${C}: Failed 0x80240024 WU_E_NO_UPDATE`)
    }, 60_000)

    it('when every update fails, the result is orcFailed', async () => {
      const r = await ps.runWithStandIn(wuaInstallScript({ updateIds: [A] }), {
        Updates: [
          update(A, '5034441', { IsDownloaded: true, Install: { ResultCode: 5, HResult: '0x80240016' } }),
        ],
      })
      const res = parseWuaInstall(r.stdout)
      expect([r.code, res.resultCode, res.updates[0]!.resultName]).toEqual([1, 4, 'Aborted'])
      expect(res.message).toMatch(/WU_E_INSTALL_NOT_ALLOWED/)
    }, 60_000)

    it('a remote session refused by WUA (E_ACCESSDENIED) prints the error object and exits 2', async () => {
      const r = await ps.runWithStandIn(wuaInstallScript({ updateIds: [A] }), {
        Updates: [update(A, '5034441')],
        Throw: { CreateUpdateInstaller: '0x80070005' },
      })
      expect(r.code).toBe(2)
      expect(() => parseWuaInstall(r.stdout)).toThrow(
        /WUA install failed on the client: .*0x80070005 E_ACCESSDENIED/,
      )
    }, 60_000)

    it('feeds local files with hostile names to CopyToCache exactly, for bundles through their children', async () => {
      const paths = [`C:\\Patchbay\\it's ‘a’ $(x) \`n.msu`, 'C:\\Patchbay\\b ‛c’ & d.cab']
      const logPath = ps.file('calls.jsonl')
      const r = await ps.runWithStandIn(
        wuaInstallScript({
          updateIds: [A, B],
          localFiles: { [A]: paths, [B]: [paths[1]!] },
          idempotencyKey: `k'$(y)`,
        }),
        {
          LogPath: logPath,
          Updates: [
            update(A, '5034441'),
            update(B, '5034123', { BundledUpdates: [C] }),
            update(C, '5000001'),
          ],
        },
      )
      expect(r.code).toBe(0)
      expect(parseWuaInstall(r.stdout).updates.map((u) => u.outcome)).toEqual(['installed', 'installed'])
      const copies = log(logPath).filter((c) => c.Call === 'CopyToCache')
      expect(copies.map((c) => c.Data)).toEqual([
        { UpdateID: A, Files: paths },
        { UpdateID: C, Files: [paths[1]] },
      ])
      // Content already in the cache is not downloaded again.
      expect(log(logPath).some((c) => c.Call === 'Download')).toBe(false)
    }, 60_000)
  })

  describe('the OpenSSH command line', () => {
    // Runs the decoded -EncodedCommand body as its own pwsh process (exit codes as on Windows), after loading the
    // stand-in: the compact script, the gzip bootstrap and the stdin bootstrap each run for real.
    const runInvocation = (command: string, stdin: string | undefined, scenario: object, more = '') => {
      const body = Buffer.from(command.split(' ').pop()!, 'base64').toString('utf16le')
      const preload = `. ${psQuote(WUA_STAND_IN)}; Use-WuaStandIn ${psQuote(JSON.stringify(scenario))}\n${more}`
      return spawnSync(
        PWSH!,
        ['-NoProfile', '-NonInteractive', '-EncodedCommand', psEncoded(preload + body)],
        {
          encoding: 'utf8',
          input: stdin ?? '',
          cwd: '/tmp',
        },
      )
    }

    it('the gzip bootstrap unpacks and runs the install script', () => {
      const inv = powerShellInvocation(wuaInstallScript({ updateIds: [A] }))
      expect(inv.stdin).toBeUndefined()
      expect(Buffer.from(inv.command.split(' ').pop()!, 'base64').toString('utf16le')).toMatch(/GZipStream/)
      const r = runInvocation(inv.command, inv.stdin, {
        Updates: [update(A, '5034441', { IsDownloaded: true })],
      })
      expect(r.status).toBe(0)
      expect(parseWuaInstall(r.stdout).updates[0]!.outcome).toBe('installed')
    }, 60_000)

    it('the stdin bootstrap reads a long script from stdin and runs it, exit code included', () => {
      const files = {
        [A]: [...Array(400).keys()].map((i) => `C:\\Patchbay\\content\\file-${i}-${'x'.repeat(20)}.cab`),
      }
      const inv = powerShellInvocation(wuaInstallScript({ updateIds: [A, C], localFiles: files }))
      expect(Buffer.from(inv.command.split(' ').pop()!, 'base64').toString('utf16le')).toBe(STDIN_BOOTSTRAP)
      const r = runInvocation(inv.command, inv.stdin, { Updates: [update(A, '5034441')] })
      expect(r.status).toBe(1)
      expect(parseWuaInstall(r.stdout).updates.map((u) => u.outcome)).toEqual(['not-found', 'installed'])
    }, 60_000)

    it('the install command line Patchbay sends: stdin bootstrap → SYSTEM task wrapper → install script', () => {
      const programData = mkdtempSync(join(tmpdir(), 'patchbay-programdata-'))
      try {
        const inv = wuaInstallInvocation({ updateIds: [A] })
        const tasks =
          `. ${psQuote(SCHEDULED_TASKS_STAND_IN)}; ` +
          `Use-ScheduledTaskStandIn 'Run' ${psQuote(join(programData, 'tasks.jsonl'))} ${psQuote(programData)}\n`
        const r = runInvocation(
          inv.command,
          inv.stdin,
          { Updates: [update(A, '5034441', { IsDownloaded: true })] },
          tasks,
        )
        expect(r.status).toBe(0)
        expect(parseWuaInstall(r.stdout).updates[0]!.outcome).toBe('installed')
        expect(readFileSync(join(programData, 'tasks.jsonl'), 'utf8')).toMatch(/"UserId":"S-1-5-18"/)
      } finally {
        rmSync(programData, { recursive: true, force: true })
      }
    }, 60_000)

    it('the scan invocation prints the same JSON as the script file', () => {
      const inv = powerShellInvocation(WUA_SCAN_SCRIPT)
      const r = runInvocation(inv.command, inv.stdin, { Updates: [update(A, '5034441')] })
      expect(r.status).toBe(0)
      expect(parseWuaScan(r.stdout).updates.map((u) => u.id)).toEqual([A])
    }, 60_000)
  })
})
