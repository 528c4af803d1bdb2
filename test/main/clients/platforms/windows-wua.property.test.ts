// Property tests of the WUA scan reader: JSON in the shape our PowerShell script prints (Windows PowerShell
// 5.1's ConvertTo-Json quirks), mutated or arbitrary, parses or is refused on one ScanOutputError line;
// output over 64 MiB is refused before JSON.parse.
import { parseWuaScan } from '../../../../main/clients/platforms/windows-wua'
import { describeWuaJsonReader } from './wua-json-properties'

/** A scan in the script's shape with 5.1 quirks: one-element lists collapsed, /Date(ms)/ dates, $null lists. */
const SCAN = {
  SchemaVersion: 1,
  ComputerName: 'WIN-LAB01',
  OsName: 'Microsoft Windows Server 2019 Datacenter',
  OsVersion: '10.0.17763',
  AgentVersion: '10.0.17763.5830',
  RebootPending: true,
  RebootReasons: ['CBS', 'WindowsUpdate'],
  Updates: [
    {
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
    {
      UpdateID: 'c0ffee00-1111-4222-8333-444455556666',
      RevisionNumber: '1',
      Title: 'Update for Windows (KB890830)',
      KBArticleIDs: [890830],
      Classification: 'Critical Updates',
      Products: ['Windows'],
      LastDeploymentChangeTime: { value: '2024-01-09T00:00:00Z' },
      SupersededUpdateIDs: ['0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'],
      IsInstalled: true,
    },
  ],
  HotFixes: [{ HotFixID: 'KB4019215', Description: 'Security Update', InstalledOn: '2017-06-05T00:00:00Z' }],
}

describeWuaJsonReader('WUA scan', parseWuaScan, SCAN)
