import type { Platform } from '../../../shared/dto/resource'
import { readIniInventory } from './ansible-ini'
import type { Inventory } from './ansible-model'
import { readYamlInventory } from './ansible-yaml'
import { looksLikeYamlInventory } from './detect-format'
import { expandHome, type HomeOptions } from './paths'
import { DEFAULT_SSH_PORT, ImportError, type ImportedHost, type ImportResult } from './types'
import { parsePort, validateHosts } from './validate'
import { excerpt } from '../parsing/one-line'

/** Options for importing an Ansible inventory. */
export interface AnsibleImportOptions extends HomeOptions {
  /** File name used in messages. */
  file: string
  /** 'ini' or 'yaml'; by default told apart by content. */
  syntax?: 'ini' | 'yaml'
}

/** Groups every inventory has, which do not become collections. */
export const IMPLICIT_GROUPS: readonly string[] = ['all', 'ungrouped']

const WINDOWS_CONNECTIONS = ['winrm', 'psrp']
const SSH_CONNECTIONS = ['ssh', 'paramiko', 'paramiko_ssh', 'smart', ...WINDOWS_CONNECTIONS]
const OS_FAMILIES: Record<string, Platform> = {
  debian: 'debian',
  redhat: 'rhel',
  suse: 'suse',
  windows: 'windows',
}

/** An inventory value as a string: scalars as written, null as '', lists and maps as JSON. */
export function varToString(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  return JSON.stringify(value)
}

/** The platform inventory vars imply: WinRM/PSRP or a PowerShell/cmd shell is Windows, else by os family. */
export function platformFromVars(vars: Record<string, string>): Platform {
  const connection = (vars.ansible_connection ?? '').toLowerCase()
  const shell = (vars.ansible_shell_type ?? '').toLowerCase()
  if (WINDOWS_CONNECTIONS.includes(connection) || shell === 'powershell' || shell === 'cmd') return 'windows'
  return OS_FAMILIES[(vars.ansible_os_family ?? '').toLowerCase()] ?? 'unknown'
}

/** Imports an Ansible INI or YAML inventory: hosts with inherited connection vars, groups as collections. */
export function parseAnsibleInventory(text: string, options: AnsibleImportOptions): ImportResult {
  const syntax = options.syntax ?? (looksLikeYamlInventory(text) ? 'yaml' : 'ini')
  const inv = syntax === 'yaml' ? readYamlInventory(text, options.file) : readIniInventory(text, options.file)
  return inventoryHosts(inv, options)
}

/** Turns a read inventory into validated hosts. */
export function inventoryHosts(inv: Inventory, options: AnsibleImportOptions): ImportResult {
  const { file } = options
  const warnings = [...inv.warnings]
  const hosts: ImportedHost[] = []
  for (const { name, line } of inv.hosts.values()) {
    const vars = Object.fromEntries(Object.entries(inv.varsOf(name)).map(([k, v]) => [k, varToString(v)]))
    const get = (...keys: string[]): string | undefined => {
      for (const key of keys) {
        const value = vars[key]
        if (value === undefined || value === '') continue
        if (value.includes('{{'))
          throw new ImportError(
            file,
            line,
            `${key} of ${name} is a template ("${excerpt(value)}"), which import cannot evaluate`,
          )
        return value.trim()
      }
      return undefined
    }
    const platform = platformFromVars(vars)
    const connection = (vars.ansible_connection ?? '').toLowerCase()
    let port = DEFAULT_SSH_PORT
    const portText = get('ansible_port', 'ansible_ssh_port')
    if (WINDOWS_CONNECTIONS.includes(connection)) {
      if (portText !== undefined)
        warnings.push(
          `${file} line ${line}: ${name} uses ansible_connection=${connection}; its port ${portText} is not ssh, so port ${DEFAULT_SSH_PORT} is used`,
        )
    } else {
      if (connection !== '' && !SSH_CONNECTIONS.includes(connection))
        warnings.push(
          `${file} line ${line}: ${name} uses ansible_connection=${connection}; imported as an ssh host`,
        )
      if (portText !== undefined) port = parsePort(portText, file, line)
    }
    const identity = get('ansible_ssh_private_key_file', 'ansible_private_key_file')
    hosts.push({
      name,
      address: get('ansible_host', 'ansible_ssh_host') ?? name,
      port,
      user: get('ansible_user', 'ansible_ssh_user') ?? '',
      identityFile: identity === undefined ? '' : expandHome(identity, options),
      platform,
      groups: inv.groupsOf(name).filter((g) => !IMPLICIT_GROUPS.includes(g)),
      line,
      vars,
    })
  }
  return validateHosts(file, hosts, warnings)
}
