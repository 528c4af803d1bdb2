import { randomBytes } from 'node:crypto'
import { generateLabHost, type LabHost, type LabPlatform } from './lab-host'
import { labRandom } from './lab-random'
import { LAB_FAULTS, LabSshHost, newLabKey, type LabFault } from './lab-ssh-host'

/** Fractions (0–1) of the fleet that get each fault; hosts get at most one, chosen deterministically from the seed. */
export type LabFaultShares = Partial<Record<LabFault, number>>

/** Options of startLabFleet. */
export interface LabFleetOptions {
  hosts: number
  /** Decides platforms, OS releases, packages, updates and fault assignment (default 1). */
  seed?: number
  /** Share of Windows hosts (default 0.3). */
  windowsShare?: number
  faults?: LabFaultShares
  /** How long a slow host waits before answering each command (default 2000 ms). */
  slowDelayMs?: number
  /** How long a rebooting host refuses connections (default 2000 ms). */
  rebootDowntimeMs?: number
  /** First port (host i gets basePort + i); 0 = a free port per host (default). */
  basePort?: number
  /** Loopback address to bind (127.x.y.z only; default 127.0.0.1). */
  bind?: string
  /** Login user every host accepts (default 'patchbay'). */
  user?: string
  /** Password every host accepts (default: random per fleet). */
  password?: string
  /** Clock for boot times and install records (default the real one). */
  now?: () => Date
}

/** One lab host as the inventory lists it. */
export interface LabHostEntry {
  name: string
  address: string
  port: number
  user: string
  platform: LabPlatform
  /** The host key fingerprint advertised at start (`SHA256:…`). */
  hostKeyFingerprint: string
  /** The advertised host key as a public key line (`ssh-ed25519 AAAA…`), for known_hosts. */
  hostPublicKey: string
  /** The host's current fault, or null when healthy. */
  fault: LabFault | null
  /** Always true: the console marks these clients as simulated. */
  simulated: true
}

/** A running lab fleet. */
export interface LabFleet {
  seed: number
  hosts: LabHostEntry[]
  /** The key every host accepts: an OpenSSH ed25519 private key and its `ssh-ed25519 …` public line. */
  clientKey: { privateKey: string; publicKey: string }
  password: string
  /** The simulated host model behind a name (throws on unknown names). */
  state(name: string): LabHost
  /** Sets or clears a host's fault (unreachable closes its port; clearing reopens it). */
  setFault(name: string, fault: LabFault | null): Promise<void>
  /** Gives a host a new key (its advertised fingerprint stays the old one); returns the new fingerprint. */
  rotateHostKey(name: string): string
  /** The fingerprint a host presents now. */
  presentedFingerprint(name: string): string
  /** Restarts a host as `reboot` would (connections drop, the port refuses for rebootDowntimeMs). */
  reboot(name: string): Promise<void>
  /** Closes every port and connection. */
  stop(): Promise<void>
}

/** True for an IPv4 loopback address (127.0.0.0/8), the only addresses lab hosts may use. */
export function isLoopbackAddress(address: string): boolean {
  const parts = address.split('.')
  return (
    parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
  )
}

/** Which fault each host index gets: round(share × hosts) hosts per fault, disjoint, from a seeded shuffle. */
export function assignFaults(hosts: number, seed: number, shares: LabFaultShares = {}): (LabFault | null)[] {
  const out: (LabFault | null)[] = new Array<LabFault | null>(hosts).fill(null)
  const order = labRandom('lab-faults', seed).shuffle([...Array(hosts).keys()])
  let next = 0
  for (const fault of LAB_FAULTS) {
    const share = shares[fault] ?? 0
    if (!(share >= 0 && share <= 1)) throw new Error(`lab fault share for ${fault} must be between 0 and 1`)
    for (let n = Math.round(share * hosts); n > 0 && next < hosts; n--) out[order[next++]!] = fault
  }
  return out
}

/** Which host indexes are Windows: round(windowsShare × hosts) of them, from a seeded shuffle. */
export function assignPlatforms(hosts: number, seed: number, windowsShare = 0.3): LabPlatform[] {
  if (!(windowsShare >= 0 && windowsShare <= 1)) throw new Error('windowsShare must be between 0 and 1')
  const windows = new Set(
    labRandom('lab-platforms', seed)
      .shuffle([...Array(hosts).keys()])
      .slice(0, Math.round(windowsShare * hosts)),
  )
  return [...Array(hosts).keys()].map((i) => (windows.has(i) ? 'windows' : 'debian'))
}

/** Generates the fleet's host models without starting anything (same options, same hosts). */
export function generateLabHosts(
  options: Pick<LabFleetOptions, 'hosts' | 'seed' | 'windowsShare' | 'now'>,
): LabHost[] {
  const seed = options.seed ?? 1
  const now = options.now?.() ?? new Date()
  const counts = { debian: 0, windows: 0 }
  return assignPlatforms(options.hosts, seed, options.windowsShare).map((platform, index) =>
    generateLabHost({ seed, index, platform, number: ++counts[platform], now }),
  )
}

/** Starts N simulated SSH hosts on loopback ports, each with its own ed25519 host key, state and optional fault. */
export async function startLabFleet(options: LabFleetOptions): Promise<LabFleet> {
  const bind = options.bind ?? '127.0.0.1'
  if (!isLoopbackAddress(bind)) throw new Error(`lab hosts bind to 127.x.y.z only, not ${bind}`)
  if (!Number.isInteger(options.hosts) || options.hosts < 0) throw new Error('hosts must be a whole number')
  const basePort = options.basePort ?? 0
  if (basePort !== 0 && (basePort < 1024 || basePort + options.hosts > 65536))
    throw new Error(`basePort ${basePort} leaves no room for ${options.hosts} hosts`)
  const seed = options.seed ?? 1
  const now = options.now ?? (() => new Date())
  const user = options.user ?? 'patchbay'
  const password = options.password ?? `lab-${randomBytes(9).toString('base64url')}`
  const client = newLabKey()
  const faults = assignFaults(options.hosts, seed, options.faults)
  const models = generateLabHosts({ ...options, seed, now })
  const ssh = models.map(
    (host, i) =>
      new LabSshHost({
        host,
        bind,
        port: basePort === 0 ? 0 : basePort + i,
        user,
        password,
        clientPublicKey: client.publicKey,
        fault: faults[i] ?? null,
        slowDelayMs: options.slowDelayMs ?? 2000,
        rebootDowntimeMs: options.rebootDowntimeMs ?? 2000,
        now,
      }),
  )
  const byName = new Map(ssh.map((s) => [s.host.name, s]))
  const started = await Promise.allSettled(ssh.map((s) => s.start()))
  const failed = started.find((r) => r.status === 'rejected')
  if (failed) {
    await Promise.allSettled(ssh.map((s) => s.stop()))
    throw failed.reason
  }
  const hosts: LabHostEntry[] = ssh.map((s) => ({
    name: s.host.name,
    address: bind,
    port: s.port,
    user,
    platform: s.host.platform,
    hostKeyFingerprint: s.advertisedKey.fingerprint,
    hostPublicKey: s.advertisedKey.publicKey.trim(),
    fault: s.fault,
    simulated: true,
  }))
  const get = (name: string) => {
    const s = byName.get(name)
    if (!s) throw new Error(`no lab host named ${name}`)
    return s
  }
  return {
    seed,
    hosts,
    clientKey: { privateKey: client.privateKey, publicKey: client.publicKey },
    password,
    state: (name) => get(name).host,
    setFault: async (name, fault) => {
      await get(name).setFault(fault)
      hosts.find((h) => h.name === name)!.fault = fault
    },
    rotateHostKey: (name) => get(name).rotateHostKey(),
    presentedFingerprint: (name) => get(name).presentedKey.fingerprint,
    reboot: (name) => get(name).reboot(),
    stop: async () => {
      await Promise.allSettled(ssh.map((s) => s.stop()))
    },
  }
}
