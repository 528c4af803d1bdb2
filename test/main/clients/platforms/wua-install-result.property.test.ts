// Property tests of the WUA install result reader: JSON in the shape our install script prints, mutated or
// arbitrary, parses or is refused on one ScanOutputError line; output over 64 MiB is refused before JSON.parse.
import { parseWuaInstall } from '../../../../main/clients/platforms/wua-install-result'
import { describeWuaJsonReader } from './wua-json-properties'

/** An install of two updates in the script's shape: one needing a restart, one failed (HResult as a number). */
const INSTALL = {
  SchemaVersion: 1,
  ComputerName: 'WS-01',
  ResultCode: 3,
  HResult: '0x00000000',
  RebootRequired: true,
  Updates: [
    {
      UpdateID: '8f2b7d0c-3a4e-4b8e-9c1d-2e5f6a7b8c9d',
      KB: 'KB5034441',
      Title: '2024-01 Cumulative Update for Windows 11',
      Status: 'Installed',
      ResultCode: 2,
      HResult: '0x00240005',
      RebootRequired: true,
      IsInstalled: true,
    },
    {
      UpdateID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      KB: null,
      Title: null,
      Status: 'Failed',
      ResultCode: 4,
      HResult: -2145124329,
      RebootRequired: false,
      IsInstalled: false,
    },
  ],
}

describeWuaJsonReader('WUA install result', parseWuaInstall, INSTALL)
