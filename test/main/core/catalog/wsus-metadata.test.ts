import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import { cabextractAvailable } from '../../../../main/clients/catalog/wsus-cab'
import { NO_TITLE } from '../../../../main/core/catalog/import'
import type { Services } from '../../../../main/core/runtime/services'
import { buildWsusscn2, gcabSkipReason } from '../../clients/catalog/wsusscn2-builder'
import { codeSigningSkipReason, makeTestSigner, signCab } from '../../../support/code-signing'
import { peerMissing } from '../../../support/peers'
import { newSite } from '../../../support/services'
import { siteEngines } from '../../../support/site-engines'

// The fixture (test/fixtures/wsus/wsusscn2, sources in test/fixtures/SOURCES.md): revision 1500 is the 2024-05
// Windows 11 cumulative update, 1501 a Defender security intelligence update, 1499 the April update it supersedes
// (x file only), 1502 an ARM64 variant with a German l/ file only, 1503 an update with no metadata files.
const CU = '7c7c4f2f-1b0e-4d53-8a2d-5d8f1f0f2a02'
const DEFENDER = 'd3b2a1c0-5f4e-4d3c-8b2a-1c0d9e8f7a04'
const APRIL = '3e0d8f0b-6a55-4c1e-9d6b-5a0f0b8b1c01'
const ARM64 = 'a1f0c3d2-7e4b-4b8a-9c1d-3e2f1a0b9c03'
const BARE = 'e5f4d3c2-b1a0-4f9e-8d7c-6b5a4f3e2d05'

const skip =
  peerMissing(
    'cabextract',
    cabextractAvailable() ? null : 'cabextract missing (apt-get install cabextract)',
  ) ??
  gcabSkipReason() ??
  codeSigningSkipReason()

describe.skipIf(skip !== null).each(siteEngines())('Windows catalog metadata on $kind', (engine) => {
  let services: Services | undefined
  let api: Transport
  const dir = mkdtempSync(join(tmpdir(), 'pb-wsusmeta-'))
  afterEach(async () => {
    await services?.close()
    services = undefined
  })
  const site = async (label: string) => {
    const s = await newSite(engine.freshLocation(label), 'LAB')
    services = s.services
    api = s.api
  }

  it("imports a signed wsusscn2.cab with Microsoft's titles, KBs, severity, products, classification and support URL", async () => {
    await site('meta')
    const signer = makeTestSigner('Microsoft Corporation', 'meta')
    const cab = signCab(signer, buildWsusscn2(dir), join(dir, 'wsusscn2-signed.cab'))
    const run = await api.invoke('catalog:import', { file: cab, caBundle: signer.caBundle, name: 'wsus' })
    expect(run).toMatchObject({ state: 'succeeded', newCount: 5, error: '' })
    const byId = new Map((await api.invoke('updates:list', { sourceName: 'wsus' })).map((u) => [u.id, u]))
    expect([...byId.keys()].sort()).toEqual([APRIL, CU, ARM64, DEFENDER, BARE].sort())
    expect(byId.get(CU)).toMatchObject({
      title: '2024-05 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5037771)',
      kb: '5037771',
      severity: 'Important',
      classification: 'Security Updates',
      products: ['Windows 11'],
      supportUrl: 'https://support.microsoft.com/help/5037771',
      description: expect.stringMatching(/^Install this update to resolve issues in Windows\./),
      securityBulletin: '',
      supersededBy: '',
    })
    expect(byId.get(DEFENDER)).toMatchObject({
      title:
        'Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.411.64.0) - Current Channel (Broad)',
      kb: '2267602',
      severity: '',
      classification: 'Definition Updates',
      products: ['Microsoft Defender Antivirus'],
      supportUrl: 'https://go.microsoft.com/fwlink/?LinkId=52661',
    })
    // No l/ file: a placeholder that says so, never a made-up title; the x file's KB and severity are kept.
    expect(byId.get(APRIL)).toMatchObject({
      title: NO_TITLE,
      kb: '5036893',
      severity: 'Important',
      supersededBy: CU,
    })
    expect(byId.get(ARM64)!.title).toBe(
      '2024-05 Kumulatives Update für Windows 11 Version 23H2 für ARM64-basierte Systeme (KB5037771)',
    )
    expect(byId.get(BARE)).toMatchObject({
      title: '(no title in the catalog)',
      kb: '',
      severity: '',
      supportUrl: '',
    })
    // Rules and searches see the metadata.
    const folder = await api.invoke('searchfolders:create', {
      name: 'Windows 11 security',
      criteria: { classifications: ['Security Updates'], products: ['Windows 11'] },
    })
    expect(folder.count).toBe(3) // CU, ARM64, BARE (the superseded April update is left out)
  })

  it('fails the import and writes nothing when an x file carries a DOCTYPE', async () => {
    await site('doctype')
    const cab = buildWsusscn2(
      dir,
      {
        'package3/x/1501':
          '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ExtendedProperties>&e;</ExtendedProperties>',
      },
      'hostile.cab',
    )
    const run = await api.invoke('catalog:import', { file: cab, allowUnsigned: true })
    expect(run.state).toBe('failed')
    expect(run.error).toMatch(/hostile\.cab!package3\.cab!x\/1501: a DOCTYPE declaration is not accepted/)
    expect(await api.invoke('updates:list', {})).toEqual([])
  })
})
