import type { Platform } from '../../../shared/dto/resource'
import { DEBIAN_SCAN_COMMAND, debianScanCommand, parseDebianScan } from './debian-apt'
import type { ListsRefreshRequest } from './package-lists'
import { RHEL_SCAN_COMMAND, parseRhelScan, rhelScanCommand } from './rhel-dnf'
import { parseOsRelease } from './shell-sections'
import { SUSE_SCAN_COMMAND, parseSuseScan, suseScanCommand } from './suse-zypper'
import type { ScanResult } from './types'
import { parseWuaScan } from './windows-wua'
import { WUA_SCAN_SCRIPT, powerShellInvocation, type PowerShellInvocation } from './wua-scan-script'

/** A scannable platform. */
export type ScanPlatform = Exclude<Platform, 'unknown'>

/** How to scan one platform: the command line (and stdin) to run, and the parser of its output. */
export interface ScanAdapter {
  /** The scan that never refreshes package lists (it still reports their age on Linux). */
  invocation: PowerShellInvocation
  /** The scan that first refreshes the package lists when they are due (Windows: the same as `invocation`). */
  refreshing(refresh: ListsRefreshRequest): PowerShellInvocation
  parse(stdout: string): ScanResult
}

const wuaInvocation = powerShellInvocation(WUA_SCAN_SCRIPT)

/** The scan adapter of each platform. */
export const scanAdapters: Record<ScanPlatform, ScanAdapter> = {
  debian: {
    invocation: { command: DEBIAN_SCAN_COMMAND },
    refreshing: (r) => ({ command: debianScanCommand(r) }),
    parse: parseDebianScan,
  },
  rhel: {
    invocation: { command: RHEL_SCAN_COMMAND },
    refreshing: (r) => ({ command: rhelScanCommand(r) }),
    parse: parseRhelScan,
  },
  suse: {
    invocation: { command: SUSE_SCAN_COMMAND },
    refreshing: (r) => ({ command: suseScanCommand(r) }),
    parse: parseSuseScan,
  },
  windows: { invocation: wuaInvocation, refreshing: () => wuaInvocation, parse: parseWuaScan },
}

/**
 * Tells a client's platform in one round trip that works in sh and in Windows' cmd.exe alike:
 * Linux prints its os-release; on Windows `cat` fails and `ver` prints the Windows version.
 */
export const PROBE_COMMAND = 'cat /etc/os-release || ver'

/** What the probe found: the platform and the OS name and version, or null when it cannot tell. */
export function parseProbe(
  stdout: string,
): { platform: ScanPlatform; osName: string; osVersion: string } | null {
  const windows = /Microsoft Windows \[Version ([\d.]+)\]/.exec(stdout)
  if (windows) return { platform: 'windows', osName: 'Microsoft Windows', osVersion: windows[1]! }
  let os: Record<string, string>
  try {
    os = parseOsRelease(stdout)
  } catch {
    return null
  }
  if (!os.ID) return null
  const ids = [os.ID, ...(os.ID_LIKE ?? '').split(/\s+/)].map((s) => s.toLowerCase())
  const platform: Platform = ids.some((i) => i === 'debian' || i === 'ubuntu')
    ? 'debian'
    : ids.some((i) => ['rhel', 'fedora', 'centos'].includes(i))
      ? 'rhel'
      : ids.some((i) => i.includes('suse'))
        ? 'suse'
        : 'unknown'
  if (platform === 'unknown') return null
  return {
    platform: platform as ScanPlatform,
    osName: os.NAME ?? os.ID,
    osVersion: os.PRETTY_NAME ?? os.VERSION ?? '',
  }
}
