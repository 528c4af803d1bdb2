import { isIPv6 } from 'node:net'
import { addressField } from '../../../shared/dto/resource'
import { ImportError, type ImportedHost, type ImportResult } from './types'
import { excerpt } from '../parsing/one-line'

/** Resource names Patchbay accepts (as `resourceFields.name`): letters, digits, dot, dash, underscore. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

/** Longest resource or collection name. */
export const MAX_NAME_LENGTH = 128

/** Longest login user (as `resourceFields.user`). */
export const MAX_USER_LENGTH = 64

/** True when `name` is a resource name Patchbay accepts. */
export function isValidName(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && NAME_PATTERN.test(name)
}

/** A valid resource name derived from `raw` (an alias or FQDN), or undefined when nothing usable is left. */
export function safeName(raw: string): string | undefined {
  if (isValidName(raw)) return raw
  let name = raw
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[-.]+$/, '')
  if (name.length > MAX_NAME_LENGTH) {
    // A long FQDN: its leading labels, as many as fit.
    const labels = name.split('.')
    name = labels[0]!.slice(0, MAX_NAME_LENGTH)
    for (const label of labels.slice(1)) {
      if (name.length + 1 + label.length > MAX_NAME_LENGTH) break
      name += `.${label}`
    }
  }
  return isValidName(name) ? name : undefined
}

/** True when `address` is a host name or IP address (as `addressField`, but `host:port` is not IPv6). */
export function isValidAddress(address: string): boolean {
  if (address.trim() !== address || !addressField.safeParse(address).success) return false
  return !address.includes(':') || isIPv6(address)
}

/** Parses a port written in a file; throws an ImportError unless it is a whole number 1–65535. */
export function parsePort(text: string, file: string, line: number | undefined): number {
  const value = text.trim()
  if (!/^\d+$/.test(value)) throw new ImportError(file, line, `port "${excerpt(value)}" is not a number`)
  const port = Number(value)
  if (port < 1 || port > 65535) throw new ImportError(file, line, `port ${value} is not 1–65535`)
  return port
}

/** Checks and repairs one file's hosts (ports, addresses, names, duplicates); throws an ImportError. */
export function validateHosts(file: string, hosts: ImportedHost[], warnings: string[]): ImportResult {
  const out: ImportedHost[] = []
  const seen = new Map<string, ImportedHost>()
  const at = (h: ImportedHost): string => `${h.file ?? file} line ${h.line}`
  for (const host of hosts) {
    const where = host.file ?? file
    if (!Number.isInteger(host.port) || host.port < 1 || host.port > 65535)
      throw new ImportError(where, host.line, `port ${host.port} is not 1–65535`)
    if (!isValidAddress(host.address))
      throw new ImportError(
        where,
        host.line,
        `address "${excerpt(host.address)}" is not a host name or IP address`,
      )
    if (host.user.length > MAX_USER_LENGTH)
      throw new ImportError(
        where,
        host.line,
        `user "${excerpt(host.user)}" is longer than ${MAX_USER_LENGTH} characters`,
      )
    let name = host.name
    if (!isValidName(name)) {
      const fixed = safeName(name)
      if (fixed === undefined)
        throw new ImportError(
          where,
          host.line,
          `name "${excerpt(name)}" cannot be made a valid resource name`,
        )
      warnings.push(
        `${at(host)}: name "${excerpt(name)}" is not a valid resource name; imported as "${excerpt(fixed)}"`,
      )
      name = fixed
    }
    const key = name.toLowerCase()
    const first = seen.get(key)
    if (first)
      throw new ImportError(
        where,
        host.line,
        `duplicate name "${excerpt(name)}" (first defined at ${at(first)})`,
      )
    const groups = checkGroups(host, where, warnings)
    const checked: ImportedHost = { ...host, name, groups }
    seen.set(key, checked)
    out.push(checked)
  }
  return { hosts: out, warnings }
}

function checkGroups(host: ImportedHost, where: string, warnings: string[]): string[] {
  const groups: string[] = []
  const lower = new Map<string, string>()
  for (const raw of host.groups) {
    const group = raw.trim()
    if (group === '') throw new ImportError(where, host.line, 'a collection name is empty')
    if (group.length > MAX_NAME_LENGTH)
      throw new ImportError(
        where,
        host.line,
        `collection name "${excerpt(group)}" is longer than ${MAX_NAME_LENGTH}`,
      )
    const same = lower.get(group.toLowerCase())
    if (same === undefined) {
      lower.set(group.toLowerCase(), group)
      groups.push(group)
    } else if (same !== group) {
      warnings.push(
        `${where} line ${host.line}: collections "${excerpt(same)}" and "${excerpt(group)}" are one collection`,
      )
    }
  }
  return groups
}
