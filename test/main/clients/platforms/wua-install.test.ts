import { describe, expect, it } from 'vitest'
import { generateLabHost, type LabHost } from '../../../../main/clients/lab/lab-host'
import { runLabCommand } from '../../../../main/clients/lab/lab-shell'
import { hresultMeaning, parseWuaInstall } from '../../../../main/clients/platforms/wua-install-result'
import {
  readWuaInstallScript,
  wuaInstallInvocation,
  wuaInstallScript,
} from '../../../../main/clients/platforms/wua-install-script'

// Documents written to the install script's output schema with WUA's real OperationResultCode values
// (2 orcSucceeded, 3 orcSucceededWithErrors, 4 orcFailed, 5 orcAborted) and real HResults. The script itself
// runs in real pwsh against the WUA stand-in in wua-scripts-pwsh.test.ts.
const ID1 = '8f2b7d0c-3a4e-4b8e-9c1d-2e5f6a7b8c9d'
const ID2 = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
const ID3 = 'c0ffee00-1111-4222-8333-444455556666'

const doc = (o: Record<string, unknown>) =>
  `${JSON.stringify({ SchemaVersion: 1, ComputerName: 'WS-01', ...o })}\r\n`
const upd = (o: Record<string, unknown>) => ({
  UpdateID: ID1,
  KB: 'KB5034441',
  Title: '2024-01 Cumulative Update for Windows 11',
  Status: 'Installed',
  ResultCode: 2,
  HResult: '0x00000000',
  RebootRequired: false,
  IsInstalled: true,
  ...o,
})

describe('WUA install result parser', () => {
  it('reads a successful install that needs a restart', () => {
    const r = parseWuaInstall(
      doc({
        ResultCode: 2,
        HResult: '0x00000000',
        RebootRequired: true,
        Updates: [
          upd({ RebootRequired: true, HResult: '0x00240005' }),
          upd({ UpdateID: ID2, KB: 'KB890830', Status: 'AlreadyInstalled' }),
        ],
      }),
    )
    expect(r.ok).toBe(true)
    expect(r.rebootRequired).toBe(true)
    expect(r.updates.map((u) => u.outcome)).toEqual(['installed', 'already-installed'])
    expect(r.updates[0]!.meaning).toMatch(/^WU_S_REBOOT_REQUIRED/)
    expect(r.message).toBe('1 installed, 1 already installed, restart required')
  })

  it('names each failure with its result, HResult and meaning (partial success: orcSucceededWithErrors)', () => {
    const r = parseWuaInstall(
      doc({
        ResultCode: 3,
        HResult: '0x00000000',
        RebootRequired: false,
        Updates: [
          upd({}),
          upd({
            UpdateID: ID2,
            KB: 'KB5034123',
            Status: 'Failed',
            ResultCode: 4,
            HResult: '0x80070643',
            IsInstalled: false,
          }),
          upd({
            UpdateID: ID3,
            KB: '',
            Status: 'NotFound',
            ResultCode: 4,
            HResult: -2145124316,
            IsInstalled: false,
          }),
        ],
      }),
    )
    expect(r.ok).toBe(false)
    expect(r.resultCode).toBe(3)
    expect(r.updates.map((u) => [u.outcome, u.hresult])).toEqual([
      ['installed', '0x00000000'],
      ['failed', '0x80070643'],
      ['not-found', '0x80240024'],
    ])
    expect(r.message).toContain('KB5034123: Failed 0x80070643 ERROR_INSTALL_FAILURE')
    expect(r.message).toContain(`${ID3}: Failed 0x80240024 WU_E_NO_UPDATE`)
  })

  it('treats an aborted install as failed and accepts one update printed as an object, not an array', () => {
    const r = parseWuaInstall(
      doc({
        ResultCode: 5,
        HResult: '0x80240016',
        RebootRequired: false,
        Updates: upd({ Status: 'Failed', ResultCode: 5, HResult: '0x80240016', IsInstalled: false }),
      }),
    )
    expect(r.ok).toBe(false)
    expect(r.updates[0]).toMatchObject({ outcome: 'failed', resultName: 'Aborted' })
    expect(r.message).toMatch(/WU_E_INSTALL_NOT_ALLOWED/)
  })

  it("turns the script's error object into an error naming the HResult", () => {
    expect(() =>
      parseWuaInstall(
        '{"error":"Exception from HRESULT: 0x80070005 (E_ACCESSDENIED)","hresult":"0x80070005"}',
      ),
    ).toThrow(/WUA install failed on the client: .*0x80070005 E_ACCESSDENIED/)
    expect(() => parseWuaInstall('')).toThrow(/no JSON/)
    expect(() => parseWuaInstall(doc({ ResultCode: 9, Updates: [] }))).toThrow(/invalid/)
    expect(hresultMeaning('0x8024402c')).toMatch(/NAME_NOT_RESOLVED/)
  })
})

describe('WUA install script', () => {
  it('embeds the UpdateIDs, local files and key so they read back, and refuses non-GUIDs', () => {
    const script = wuaInstallScript({
      updateIds: [ID1, ID2],
      localFiles: { [ID1]: ["C:\\Windows\\Temp\\patchbay\\it's.msu"] },
      idempotencyKey: 'job-1-step-2',
    })
    expect(readWuaInstallScript(script)).toEqual({
      updateIds: [ID1, ID2],
      localFiles: { [ID1]: ["C:\\Windows\\Temp\\patchbay\\it's.msu"] },
      idempotencyKey: 'job-1-step-2',
    })
    expect(() => wuaInstallScript({ updateIds: ['KB5034441'] })).toThrow(/GUID/)
  })

  it('runs against a simulated Windows host over the encoded invocation, installing once per key', async () => {
    const now = new Date('2024-02-20T10:00:00Z')
    let host: LabHost | null = null
    for (let i = 0; i < 200 && !host; i++) {
      const h = generateLabHost({ seed: 7, index: i, platform: 'windows', number: i + 1, now })
      if (h.visibleWindowsUpdates().some((u) => !h.installedUpdateIds.has(u.updateId) && u.rebootRequired))
        host = h
    }
    const u = host!
      .visibleWindowsUpdates()
      .find((x) => !host!.installedUpdateIds.has(x.updateId) && x.rebootRequired)!
    const inv = wuaInstallInvocation({ updateIds: [u.updateId, ID3], idempotencyKey: 'k1' })
    const run = () =>
      runLabCommand(host!, inv.command, { now: () => now, readStdin: async () => inv.stdin ?? '' })
    const first = await run()
    expect(first.code).toBe(1)
    const r = parseWuaInstall(first.stdout)
    expect(r.updates.map((x) => x.outcome)).toEqual(['installed', 'not-found'])
    expect(r.rebootRequired).toBe(true)
    expect(host!.installedUpdateIds.has(u.updateId)).toBe(true)
    const again = parseWuaInstall((await run()).stdout)
    expect(again.updates[0]!.outcome).toBe('installed')
    expect(host!.installLog.filter((l) => l.item === u.updateId)).toHaveLength(1)
  })
})
