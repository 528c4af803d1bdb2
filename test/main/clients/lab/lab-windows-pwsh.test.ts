// The lab's simulated Windows hosts answer the WUA scan with JSON built in TypeScript. Here the REAL scan script runs
// in real pwsh against the WUA stand-in loaded with the same host's state, and the product's parser must read both
// answers the same: the lab says what the script would say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateLabHost, type LabHost } from '../../../../main/clients/lab/lab-host'
import { wuaScanJson } from '../../../../main/clients/lab/lab-shell-windows'
import { CLASSIFICATION_IDS, parseWuaScan } from '../../../../main/clients/platforms/windows-wua'
import { WUA_SCAN_SCRIPT } from '../../../../main/clients/platforms/wua-scan-script'
import { PwshHarness, pwshMissing } from '../../../support/pwsh'

const skip = pwshMissing()
const classificationIds = new Map(Object.entries(CLASSIFICATION_IDS).map(([id, name]) => [name, id]))

/** The WUA stand-in scenario holding a lab host's Windows Update state. */
function scenarioOf(host: LabHost): object {
  return {
    Os: { Caption: host.windows!.osName, Version: host.windows!.osVersion },
    Updates: host.visibleWindowsUpdates().map((u) => {
      const installed = host.installedUpdateIds.has(u.updateId)
      return {
        UpdateID: u.updateId,
        RevisionNumber: u.revision,
        Title: u.title,
        KBArticleIDs: [u.kb.replace(/^KB/, '')],
        Categories: [
          {
            Name: u.classification,
            Type: 'UpdateClassification',
            CategoryID: classificationIds.get(u.classification),
          },
          ...u.products.map((p) => ({ Name: p, Type: 'Product', CategoryID: '' })),
        ],
        MsrcSeverity: u.severity,
        LastDeploymentChangeTime: u.releaseDate,
        MaxDownloadSize: u.size,
        SupersededUpdateIDs: u.supersededIds,
        IsInstalled: installed,
        IsDownloaded: installed,
        RebootRequired: installed && u.rebootRequired && host.rebootPending,
        SupportUrl: `https://support.microsoft.com/help/${u.kb.replace(/^KB/, '')}`,
      }
    }),
    HotFixes: host.hotfixes.map((h) => ({
      HotFixID: h.kb,
      Description: h.description,
      InstalledOn: h.installedOn,
    })),
    RegistryKeys: [
      ...(host.rebootReasons.includes('CBS')
        ? ['HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending']
        : []),
      ...(host.rebootReasons.includes('WindowsUpdate')
        ? ['HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired']
        : []),
    ],
  }
}

describe.skipIf(skip !== null)(
  'lab Windows hosts answer the WUA scan as the real script does (real pwsh)',
  () => {
    let ps: PwshHarness
    beforeAll(async () => {
      ps = await PwshHarness.open()
    }, 60_000)
    afterAll(() => ps?.close())

    it('same updates, hotfixes, OS and pending restart, before and after an install', async () => {
      const now = new Date('2024-02-20T10:00:00Z')
      let host: LabHost | null = null
      for (let i = 0; i < 200 && !host; i++) {
        const h = generateLabHost({ seed: 11, index: i, platform: 'windows', number: i + 1, now })
        if (h.visibleWindowsUpdates().some((u) => !h.installedUpdateIds.has(u.updateId) && u.rebootRequired))
          host = h
      }
      const pending = host!
        .visibleWindowsUpdates()
        .find((u) => !host!.installedUpdateIds.has(u.updateId) && u.rebootRequired)!
      for (const step of ['before', 'after'] as const) {
        if (step === 'after') host!.installUpdate(pending.updateId, now)
        const real = await ps.runWithStandIn(WUA_SCAN_SCRIPT, scenarioOf(host!))
        expect(real.code).toBe(0)
        const fromPwsh = parseWuaScan(real.stdout)
        const fromLab = parseWuaScan(wuaScanJson(host!))
        expect(fromPwsh.updates.length, step).toBeGreaterThan(0)
        expect({ ...fromPwsh, agentVersion: undefined }, step).toEqual({
          ...fromLab,
          agentVersion: undefined,
        })
      }
      expect(parseWuaScan(wuaScanJson(host!)).rebootPending).toBe(true)
    }, 60_000)
  },
)
