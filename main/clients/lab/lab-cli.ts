import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { LabFaultShares, LabFleet } from './lab-fleet'
import { LAB_FAULTS, type LabFault } from './lab-ssh-host'

/** The CSV header of a lab inventory (the columns `client import` reads). */
export const LAB_INVENTORY_COLUMNS = ['name', 'address', 'port', 'user', 'identity', 'platform'] as const

/** Options of formatLabInventory. */
export interface LabInventoryOptions {
  /** 'csv' (default) or 'ini' (an Ansible-style listing). */
  format?: 'csv' | 'ini'
  /** Path of the client private key file, written into the identity column. */
  identityFile: string
}

function csvField(value: string | number): string {
  const s = String(value)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** The fleet as CSV (`name,address,port,user,identity,platform`) or as an Ansible-INI-like listing; all SIMULATED. */
export function formatLabInventory(
  fleet: Pick<LabFleet, 'hosts' | 'seed'>,
  options: LabInventoryOptions,
): string {
  const { identityFile } = options
  if (options.format === 'ini') {
    const group = (platform: 'debian' | 'windows') =>
      fleet.hosts
        .filter((h) => h.platform === platform)
        .map((h) =>
          [
            h.name,
            `ansible_host=${h.address}`,
            `ansible_port=${h.port}`,
            `ansible_user=${h.user}`,
            `ansible_ssh_private_key_file=${identityFile}`,
            ...(platform === 'windows' ? ['ansible_shell_type=cmd'] : []),
            `patchbay_host_key=${h.hostKeyFingerprint}`,
            'patchbay_simulated=true',
          ].join(' '),
        )
    return [
      `# Patchbay lab fleet: ${fleet.hosts.length} SIMULATED hosts (seed ${fleet.seed}); not real machines.`,
      '[lab_debian]',
      ...group('debian'),
      '',
      '[lab_windows]',
      ...group('windows'),
      '',
      '[lab:children]',
      'lab_debian',
      'lab_windows',
      '',
    ].join('\n')
  }
  const rows = fleet.hosts.map((h) =>
    [h.name, h.address, h.port, h.user, identityFile, h.platform].map(csvField).join(','),
  )
  return `${[LAB_INVENTORY_COLUMNS.join(','), ...rows].join('\n')}\n`
}

/** known_hosts lines (`[127.0.0.1]:port ssh-ed25519 AAAA…`) with the keys the hosts advertised at start. */
export function formatLabKnownHosts(fleet: Pick<LabFleet, 'hosts'>): string {
  return fleet.hosts
    .map((h) => `[${h.address}]:${h.port} ${h.hostPublicKey.split(/\s+/).slice(0, 2).join(' ')}\n`)
    .join('')
}

/** Writes the client private key with mode 0600 (and `<path>.pub`), creating the directory (0700) if needed. */
export function writeLabClientKey(path: string, key: LabFleet['clientKey']): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  writeFileSync(path, key.privateKey.endsWith('\n') ? key.privateKey : `${key.privateKey}\n`, { mode: 0o600 })
  chmodSync(path, 0o600)
  writeFileSync(`${path}.pub`, `${key.publicKey.trim()} patchbay-lab\n`, { mode: 0o644 })
}

/** Parses `--faults unreachable=0.05,slow=0.05,…` (fractions 0–1, or percentages like `10%`). */
export function parseLabFaults(spec: string): LabFaultShares {
  const out: LabFaultShares = {}
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const m = /^([A-Za-z-]+)=(\d+(?:\.\d+)?)(%?)$/.exec(part)
    const fault = LAB_FAULTS.find((f) => f.toLowerCase() === m?.[1]?.toLowerCase().replace(/-/g, ''))
    if (!m || !fault)
      throw new Error(`bad lab fault "${part}": use NAME=FRACTION with NAME one of ${LAB_FAULTS.join(', ')}`)
    const share = Number(m[2]) / (m[3] ? 100 : 1)
    if (share > 1) throw new Error(`lab fault ${fault} share ${part} is over 1`)
    out[fault as LabFault] = share
  }
  return out
}
