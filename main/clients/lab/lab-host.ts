import type { Severity, WsusClassification } from '../platforms/types'
import { normalizeKb } from '../platforms/windows-wua'
import {
  DEBIAN_RELEASES,
  WINDOWS_RELEASES,
  debianCatalog,
  windowsCatalog,
  type LabDebianRelease,
  type LabWindowsRelease,
} from './lab-catalog'
import { labRandom, sha256Hex, stableGuid, type LabRandom } from './lab-random'

/** The platforms a lab host simulates. */
export type LabPlatform = 'debian' | 'windows'

/** An installed Debian package. */
export interface LabDebianPackage {
  name: string
  version: string
  arch: string
}

/** A Debian package's candidate version in the host's repositories. */
export interface LabDebianCandidate {
  name: string
  arch: string
  version: string
  /** e.g. ['bookworm-security'] or ['jammy-updates', 'jammy-security']. */
  suites: string[]
  size: number
  sha256: string
  summary: string
  rebootRequired: boolean
}

/** A Windows update the simulated Windows Update Agent knows. */
export interface LabWindowsUpdate {
  updateId: string
  revision: number
  kb: string
  title: string
  classification: WsusClassification
  severity: Severity
  size: number
  /** UpdateIDs this update supersedes. */
  supersededIds: string[]
  products: string[]
  rebootRequired: boolean
  releaseDate: string
}

/** A Windows hotfix as Get-HotFix lists it. */
export interface LabHotfix {
  kb: string
  description: string
  installedOn: string
}

/** One install a host performed; a repeat under the same idempotency key only counts a replay. */
export interface LabInstallRecord {
  seq: number
  at: string
  /** `package=version` (Debian) or `KBnnnnnnn` (Windows). */
  target: string
  /** Debian package name or Windows UpdateID. */
  item: string
  from?: string
  key?: string
  replays: number
}

/** What an install request did. */
export type LabInstallOutcome =
  | { status: 'installed'; record: LabInstallRecord; rebootRequired: boolean }
  | { status: 'replayed'; record: LabInstallRecord }
  | { status: 'current'; version: string }
  | { status: 'unknown' }
  | { status: 'no-version'; versions: string[] }
  | { status: 'not-applicable' }

/** How a host is built (see generateLabHost for the seeded way). */
export interface LabHostInit {
  name: string
  platform: LabPlatform
  hostname: string
  bootTime: Date
  debian?: LabDebianRelease
  windows?: LabWindowsRelease
}

/**
 * Services that map a library package on a lab Debian host: upgrading the package leaves them running the old
 * library (what needrestart reports) until they or the host restart.
 */
export const LAB_LIBRARY_SERVICES: Readonly<Record<string, readonly string[]>> = {
  libssl3: ['ssh.service', 'cron.service'],
  libc6: ['cron.service', 'ssh.service', 'systemd-logind.service'],
  libcurl4: ['unattended-upgrades.service'],
  libxml2: [],
}

/** A simulated host: OS, installed software, available updates, reboot state and an install log. */
export class LabHost {
  readonly name: string
  readonly platform: LabPlatform
  readonly hostname: string
  readonly debian?: LabDebianRelease
  readonly windows?: LabWindowsRelease
  readonly packages = new Map<string, LabDebianPackage>()
  readonly candidates = new Map<string, LabDebianCandidate>()
  readonly windowsUpdates: LabWindowsUpdate[] = []
  readonly installedUpdateIds = new Set<string>()
  readonly hotfixes: LabHotfix[] = []
  readonly installLog: LabInstallRecord[] = []
  rebootReasons: string[] = []
  bootTime: Date
  runningKernel = ''
  /** The command lines the host was sent over SSH, oldest first (the last 500). */
  readonly received: string[] = []
  /** Debian: when `apt-get update` last refreshed the package lists (null: never). */
  listsUpdatedAt: Date | null = null
  /** Debian: services running a library an install replaced under them (until restarted or the host reboots). */
  outdatedServices: string[] = []

  constructor(init: LabHostInit) {
    this.name = init.name
    this.platform = init.platform
    this.hostname = init.hostname
    this.bootTime = init.bootTime
    if (init.debian) this.debian = init.debian
    if (init.windows) this.windows = init.windows
  }

  /** True while installs wait for a reboot. */
  get rebootPending(): boolean {
    return this.rebootReasons.length > 0
  }

  /** OS name as os-release PRETTY_NAME or Win32_OperatingSystem.Caption gives it. */
  get osName(): string {
    return this.debian?.prettyName ?? this.windows?.osName ?? ''
  }

  /** OS version (VERSION_ID or Win32_OperatingSystem.Version). */
  get osVersion(): string {
    return this.debian?.versionId ?? this.windows?.osVersion ?? ''
  }

  /** Debian candidates newer than what is installed, by package name. */
  upgradable(): LabDebianCandidate[] {
    return [...this.candidates.values()]
      .filter((c) => this.packages.get(c.name)?.version !== c.version && this.packages.has(c.name))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
  }

  /** Windows updates the agent reports: all but uninstalled ones that an installed update supersedes. */
  visibleWindowsUpdates(): LabWindowsUpdate[] {
    const superseded = new Set(
      this.windowsUpdates
        .filter((u) => this.installedUpdateIds.has(u.updateId))
        .flatMap((u) => u.supersededIds),
    )
    return this.windowsUpdates.filter(
      (u) => this.installedUpdateIds.has(u.updateId) || !superseded.has(u.updateId),
    )
  }

  private replay(key: string | undefined, item: string): LabInstallOutcome | null {
    const record = key ? this.installLog.find((r) => r.key === key && r.item === item) : undefined
    if (!record) return null
    record.replays++
    return { status: 'replayed', record }
  }

  private log(
    now: Date,
    target: string,
    item: string,
    from: string | undefined,
    key?: string,
  ): LabInstallRecord {
    const record: LabInstallRecord = {
      seq: this.installLog.length + 1,
      at: now.toISOString(),
      target,
      item,
      replays: 0,
    }
    if (from) record.from = from
    if (key) record.key = key
    this.installLog.push(record)
    return record
  }

  private needReboot(reason: string): void {
    if (!this.rebootReasons.includes(reason)) this.rebootReasons.push(reason)
  }

  /** `apt-get install name[=version]`: upgrades to the candidate (or the given version); idempotent per key. */
  installPackage(name: string, version: string | undefined, now: Date, key?: string): LabInstallOutcome {
    const replayed = this.replay(key, name)
    if (replayed) return replayed
    const pkg = this.packages.get(name)
    const cand = this.candidates.get(name)
    if (!pkg) return { status: 'unknown' }
    const versions = [...new Set([cand?.version, pkg.version].filter((v): v is string => !!v))]
    const target = version ?? cand?.version ?? pkg.version
    if (!versions.includes(target)) return { status: 'no-version', versions }
    if (pkg.version === target) return { status: 'current', version: target }
    const record = this.log(now, `${name}=${target}`, name, pkg.version, key)
    this.packages.set(name, { ...pkg, version: target })
    const rebootRequired = !!cand?.rebootRequired && cand.version === target
    for (const svc of LAB_LIBRARY_SERVICES[name] ?? [])
      if (!this.outdatedServices.includes(svc)) this.outdatedServices.push(svc)
    if (rebootRequired) {
      const abi = this.debian?.kernel.package === name ? this.debian.kernel.abis[target] : undefined
      this.needReboot(abi ? `linux-image-${abi}` : name)
    }
    return { status: 'installed', record, rebootRequired }
  }

  /** Restarts these services (`systemctl restart`): they no longer run outdated libraries; answers the ones it knew. */
  restartServices(names: readonly string[]): string[] {
    const known = names.filter((n) => this.outdatedServices.includes(n))
    this.outdatedServices = this.outdatedServices.filter((s) => !names.includes(s))
    return known
  }

  /** Finds a Windows update by UpdateID or KB. */
  findWindowsUpdate(idOrKb: string): LabWindowsUpdate | undefined {
    const id = idOrKb.trim().toLowerCase()
    const kb = normalizeKb(idOrKb)
    return this.windowsUpdates.find((u) => u.updateId === id || u.kb === kb)
  }

  /** Installs a Windows update (by UpdateID or KB); cumulative updates make a reboot pending; idempotent per key. */
  installUpdate(idOrKb: string, now: Date, key?: string): LabInstallOutcome {
    const u = this.findWindowsUpdate(idOrKb)
    if (!u) return { status: 'unknown' }
    const replayed = this.replay(key, u.updateId)
    if (replayed) return replayed
    if (this.installedUpdateIds.has(u.updateId)) return { status: 'current', version: u.kb }
    if (!this.visibleWindowsUpdates().includes(u)) return { status: 'not-applicable' }
    const record = this.log(now, u.kb, u.updateId, undefined, key)
    this.installedUpdateIds.add(u.updateId)
    if (u.classification !== 'Definition Updates' && u.classification !== 'Update Rollups')
      this.hotfixes.push({
        kb: u.kb,
        description: u.classification === 'Security Updates' ? 'Security Update' : 'Update',
        installedOn: now.toISOString(),
      })
    if (u.rebootRequired) {
      this.needReboot('CBS')
      this.needReboot('WindowsUpdate')
    }
    return { status: 'installed', record, rebootRequired: u.rebootRequired }
  }

  /** Restarts the OS: clears the pending reboot, sets the boot time and boots the newest installed kernel. */
  reboot(now: Date): void {
    this.rebootReasons = []
    this.outdatedServices = []
    this.bootTime = now
    const kernel = this.debian && this.packages.get(this.debian.kernel.package)
    if (kernel) this.runningKernel = this.debian!.kernel.abis[kernel.version] ?? this.runningKernel
  }
}

/** Options of generateLabHost. */
export interface GenerateLabHostOptions {
  seed: number
  /** Position in the fleet (0-based); with the seed it decides everything about the host. */
  index: number
  platform: LabPlatform
  /** 1-based number within its platform: lab-deb-001, lab-win-001. */
  number: number
  /** The clock used for the boot time (default now). */
  now?: Date
}

function pickShare<T>(rng: LabRandom, items: readonly { release: T; share: number }[]): T {
  let r = rng.next()
  for (const item of items) {
    if ((r -= item.share) < 0) return item.release
  }
  return items[items.length - 1]!.release
}

/** The lab name of the n-th host of a platform: `lab-deb-001`, `lab-win-001`. */
export function labHostName(platform: LabPlatform, n: number): string {
  return `lab-${platform === 'debian' ? 'deb' : 'win'}-${String(n).padStart(3, '0')}`
}

function fillDebian(host: LabHost, rng: LabRandom, release: LabDebianRelease): void {
  const lag = rng.pick([0.15, 0.5, 0.9])
  for (const row of debianCatalog(release)) {
    if (row.optional && !rng.chance(0.4)) continue
    const isKernel = row.name === release.kernel.package
    const pending = row.candidate !== undefined && rng.chance(isKernel ? Math.max(lag, 0.8) : lag)
    const version = row.candidate && !pending ? row.candidate : row.installed
    host.packages.set(row.name, { name: row.name, version, arch: row.arch })
    if (!row.candidate) continue
    const sha256 = sha256Hex(`${release.codename}/${row.name}_${row.candidate}_${row.arch}.deb`)
    host.candidates.set(row.name, {
      name: row.name,
      arch: row.arch,
      version: row.candidate,
      suites: row.suites,
      size: 20_000 + (Number.parseInt(sha256.slice(0, 8), 16) % 3_000_000),
      sha256,
      summary: row.summary,
      rebootRequired: row.rebootRequired,
    })
  }
  const kernel = host.packages.get(release.kernel.package)
  host.runningKernel =
    (kernel && release.kernel.abis[kernel.version]) ?? Object.values(release.kernel.abis)[0]!
}

function fillWindows(host: LabHost, rng: LabRandom, release: LabWindowsRelease): void {
  const rows = windowsCatalog(release)
  const idOf = (kb: string) => stableGuid(`${release.osVersion}:${kb}`)
  const installP: Record<string, number> = { [release.cumulative[0]]: 1, [release.cumulative[1]]: 0.5 }
  for (const row of rows) {
    const updateId = idOf(row.kb)
    host.windowsUpdates.push({
      updateId,
      revision: labRandom('revision', release.osVersion, row.kb).int(1, 3),
      kb: row.kb,
      title: row.title,
      classification: row.classification,
      severity: row.severity,
      size: row.size,
      supersededIds: row.supersedesKbs.map(idOf),
      products: [release.product],
      rebootRequired: row.rebootRequired,
      releaseDate: `${row.month}-13T17:00:00.000Z`,
    })
    if (rng.chance(installP[row.kb] ?? 0.25)) {
      host.installedUpdateIds.add(updateId)
      if (row.classification !== 'Definition Updates' && row.classification !== 'Update Rollups')
        host.hotfixes.push({
          kb: row.kb,
          description: 'Security Update',
          installedOn: `${row.month}-20T00:00:00.000Z`,
        })
    }
  }
}

/** A host built only from (seed, index, platform, number): the same inputs always give the same host. */
export function generateLabHost(options: GenerateLabHostOptions): LabHost {
  const { seed, index, platform, number } = options
  const rng = labRandom('lab-host', seed, index)
  const now = options.now ?? new Date()
  const name = labHostName(platform, number)
  const bootTime = new Date(now.getTime() - rng.int(600, 45 * 86_400) * 1000)
  if (platform === 'debian') {
    const release = pickShare(rng, DEBIAN_RELEASES)
    const host = new LabHost({ name, platform, hostname: name, bootTime, debian: release })
    fillDebian(host, rng, release)
    // Its own stream, so the packages drawn above stay what they were before hosts had lists.
    const listsAge = labRandom('lab-lists', seed, index).int(30 * 60, 4 * 86_400)
    host.listsUpdatedAt = new Date(now.getTime() - listsAge * 1000)
    return host
  }
  const release = pickShare(rng, WINDOWS_RELEASES)
  const host = new LabHost({ name, platform, hostname: name.toUpperCase(), bootTime, windows: release })
  fillWindows(host, rng, release)
  return host
}
