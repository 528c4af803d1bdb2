import { describe, expect, it } from 'vitest'
import {
  classificationFromTitle,
  kbFromTitle,
  parseGetHotFixTable,
  parseListSystemUpdates,
  parsePsWindowsUpdateRecords,
} from '../../../../main/clients/platforms/windows-recorded'
import { fixture } from './fixtures'

describe('Windows, verified on recorded real outputs', () => {
  it('parses Get-HotFix Format-Table output (inspec fixture, truncated columns)', () => {
    expect(parseGetHotFixTable(fixture('windows/inspec-get-hotfix-kb4019215.txt'))).toEqual([
      { kb: 'KB4019215', description: 'Security Update', installedOn: '2017-06-05' },
    ])
    expect(() => parseGetHotFixTable('Get-HotFix : Access is denied')).toThrow(
      /no "Source Description HotFixID/,
    )
  })

  it('parses the WUA installed-updates list of a Windows 8.1 machine (ListSystemUpdates fixture)', () => {
    const r = parseListSystemUpdates(
      fixture('windows/wua-installed-updates-list-win81-listsystemupdates.txt'),
    )
    expect(r.machineName).toBe('WINDOWS-DEV')
    expect(r.osName).toBe('Microsoft Windows NT 6.3.9600.0 Professional')
    expect(r.build).toBe('9600.19785')
    expect(r.updates).toHaveLength(18)
    expect(r.updates[0]).toMatchObject({
      kb: 'KB2899189',
      releaseDate: '2013-12-10',
      classification: 'Updates',
    })
    const byKb = Object.fromEntries(r.updates.map((u) => [u.kb, u.classification]))
    expect(byKb.KB2962140).toBe('Security Updates')
    expect(byKb.KB4041085).toBe('Security Updates')
    expect(byKb.KB3185319).toBe('Security Updates')
    expect(byKb.KB890830).toBe('Update Rollups')
    expect(byKb.KB4571703).toBe('Security Updates')
    expect(() => parseListSystemUpdates('--------Windows updates list--------\nSomething odd\n')).toThrow(
      /line 2 is not '<title> \(KBnnnnnn\) issued <date>'/,
    )
  })

  it('parses a PSWindowsUpdate missing-update report (updatereporting_win fixture): KB, size, severity', () => {
    const fact = JSON.parse(fixture('windows/updatereporting-win-pswindowsupdate-fact.json.txt'))
    const rows = parsePsWindowsUpdateRecords(fact.updatereporting_win.update_meta.missing_update)
    expect(rows).toEqual([
      {
        kb: 'KB3000483',
        title: 'Security Update for Windows Server 2012 R2 (KB3000483)',
        size: 6 * 1024 ** 2,
        severity: 'Critical',
        releaseDate: '2015-02-10',
        classification: 'Security Updates',
      },
      expect.objectContaining({ kb: 'KB4048961', size: 23 * 1024 ** 2, classification: 'Security Updates' }),
    ])
    for (const r of rows) expect(kbFromTitle(r.title)).toBe(r.kb)
    expect(() => parsePsWindowsUpdateRecords([{ KB: 'KB1', Title: 't', Size: 'huge' }])).toThrow(/at 0\.Size/)
  })

  it('guesses classifications from English titles only where no WUA category exists', () => {
    expect(
      classificationFromTitle('Security Intelligence Update for Microsoft Defender Antivirus - KB2267602'),
    ).toBe('Definition Updates')
    expect(classificationFromTitle('Windows Malicious Software Removal Tool x64 - v5.82 (KB890830)')).toBe(
      'Update Rollups',
    )
    expect(kbFromTitle('PowerShell v7.4.3 (x64)')).toBeUndefined()
  })
})
