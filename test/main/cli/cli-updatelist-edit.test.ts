import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UpdateListDto, UpdateRuleDto } from '../../../shared/dto/update-list'
import { cabextractAvailable } from '../../../main/clients/catalog/wsus-cab'
import { peerMissing } from '../../support/peers'
import { buildCab } from '../clients/catalog/cab-writer'
import { buildPackageXml } from '../clients/catalog/wsus-fixture'
import { ensureCliBuilt, makeSiteDir, runCli, runJson } from './cli-harness'

const skip = peerMissing(
  'cabextract',
  cabextractAvailable() ? null : 'cabextract missing (apt-get install cabextract)',
)
const SECURITY = '0fa1201d-4330-4fa8-8ae9-b877473b6441'
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

describe.skipIf(skip !== null)(
  'patchbay updatelist set|remove|rule-set|rule-delete, searchfolder set',
  () => {
    const tmp = makeSiteDir()
    const site = ['--site', tmp.site]

    beforeAll(async () => {
      await ensureCliBuilt()
      await runJson(['site', 'init', '--code', 'UPL', '--name', 'Lists', ...site], tmp.env)
      const xml = buildPackageXml(
        [1, 2, 3].map((n) => ({ id: id(n), rev: n, bundle: true, classification: SECURITY })),
        [],
      )
      const cab = join(tmp.dir, 'wsusscn2.cab')
      writeFileSync(cab, buildCab([{ name: 'package.xml', data: Buffer.from(xml) }]))
      await runJson(['catalog', 'import', cab, '--allow-unsigned', ...site], tmp.env)
    }, 300_000)
    afterAll(() => tmp.cleanup())

    it('renames a list, removes updates from it, and changes and deletes a rule', async () => {
      await runJson(['updatelist', 'create', 'June', id(1), id(2), id(3), ...site], tmp.env)
      const renamed = await runJson<UpdateListDto>(
        ['updatelist', 'set', 'June', '--name', 'June security', '--comment', 'reviewed', ...site],
        tmp.env,
      )
      expect(renamed).toMatchObject({ name: 'June security', comment: 'reviewed', updateCount: 3 })
      const fewer = await runJson<UpdateListDto>(
        ['updatelist', 'remove', renamed.id, id(3), ...site],
        tmp.env,
      )
      expect(fewer.updateCount).toBe(2)
      const none = await runCli(['updatelist', 'set', 'June security', ...site], tmp.env)
      expect(none).toMatchObject({ code: 2, stderr: 'patchbay: updatelist set needs --name or --comment\n' })

      await runJson(
        ['updatelist', 'rule', 'June security', 'Security', '--vendor', 'microsoft', ...site],
        tmp.env,
      )
      const off = await runJson<UpdateRuleDto>(
        ['updatelist', 'rule-set', 'Security', '--disable', ...site],
        tmp.env,
      )
      expect(off).toMatchObject({ name: 'Security', enabled: false })
      const both = await runCli(
        ['updatelist', 'rule-set', 'Security', '--enable', '--disable', ...site],
        tmp.env,
      )
      expect(both.code).toBe(2)
      const gone = await runCli(['updatelist', 'rule-delete', 'Security', ...site], tmp.env)
      expect(gone).toMatchObject({ code: 0, stdout: 'Deleted rule Security.\n' })
      expect(await runJson(['updatelist', 'rules', ...site], tmp.env)).toEqual([])
      const unknown = await runCli(['updatelist', 'rule-delete', 'Security', ...site], tmp.env)
      expect(unknown).toMatchObject({ code: 1, stderr: 'patchbay: No rule named or with ID "Security"\n' })
    })

    it('searchfolder set renames a folder and replaces its criteria', async () => {
      await runJson(['searchfolder', 'create', 'Everything', '--vendor', 'microsoft', ...site], tmp.env)
      const f = await runJson<{ name: string; count: number }>(
        ['searchfolder', 'set', 'Everything', '--name', 'Nothing', '--text', 'no-such-update', ...site],
        tmp.env,
      )
      expect(f).toMatchObject({ name: 'Nothing', count: 0 })
      const none = await runCli(['searchfolder', 'set', 'Nothing', ...site], tmp.env)
      expect(none.code).toBe(2)
    })
  },
)
