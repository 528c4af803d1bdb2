import { hostname } from 'node:os'
import { expandHome, homeOf, localUserOf, nodeImportFs, type HomeOptions, type ImportFs } from './paths'
import { readSshConfig, type HostCondition, type SshConfigEntry, type SshHostLine } from './ssh-config-reader'
import { DEFAULT_SSH_PORT, ImportError, type ImportedHost, type ImportResult } from './types'
import { parsePort, validateHosts } from './validate'
import { globMatcher } from '../../../shared/glob'

/** Options for importing an OpenSSH client config. */
export interface SshConfigImportOptions extends HomeOptions {
  /** File name used in messages (e.g. "config" or "~/.ssh/config"). */
  file: string
  /** The file on disk, to catch an `Include` of itself; default `file`. */
  path?: string
  /** Directory relative `Include`s resolve against; default `~/.ssh`. */
  sshDir?: string
  /** Local host name for `%l`/`%L`; default this machine's. */
  localHost?: string
  /** Environment for `${VAR}` in IdentityFile; default process.env. */
  env?: Record<string, string | undefined>
  /** File access for `Include`; default the real file system. */
  fs?: ImportFs
}

const WILDCARD = /[*?]/
const PROXY_KEYWORDS = [
  ['proxyjump', 'ProxyJump'],
  ['proxycommand', 'ProxyCommand'],
] as const

/** Matches an OpenSSH Host pattern (`*`, `?`) against an alias, ignoring case. */
export function matchHostPattern(pattern: string, alias: string): boolean {
  return globMatcher(pattern, { many: '*', one: '?', ignoreCase: true })(alias)
}

/** A Host line's patterns, compiled once: plain names as a set, wildcards and negations as matchers. */
interface CompiledCondition {
  names: Set<string>
  globs: Array<(alias: string) => boolean>
  negated: Array<(alias: string) => boolean>
}

const compiled = new WeakMap<HostCondition, CompiledCondition>()

/** Lower case one UTF-16 unit at a time, as the glob matcher compares. */
const fold = (s: string) => s.replace(/[\s\S]/g, (c) => c.toLowerCase())

function compile(condition: HostCondition): CompiledCondition {
  let c = compiled.get(condition)
  if (!c) {
    c = { names: new Set(), globs: [], negated: [] }
    for (const p of condition.patterns) {
      const glob = (pattern: string) => globMatcher(pattern, { many: '*', one: '?', ignoreCase: true })
      if (p.startsWith('!')) c.negated.push(glob(p.slice(1)))
      else if (WILDCARD.test(p)) c.globs.push(glob(p))
      else c.names.add(fold(p))
    }
    compiled.set(condition, c)
  }
  return c
}

/** True when a Host line's pattern list applies to `alias`: some pattern matches and no `!pattern` does. */
export function hostConditionMatches(condition: HostCondition, alias: string): boolean {
  const c = compile(condition)
  if (c.negated.some((m) => m(alias))) return false
  return c.names.has(fold(alias)) || c.globs.some((m) => m(alias))
}

/** Imports an OpenSSH client config: one host per concrete Host alias, settings first-obtained-wins. */
export function parseSshConfig(text: string, options: SshConfigImportOptions): ImportResult {
  const { file } = options
  const fs = options.fs ?? nodeImportFs
  const { entries, hostLines, warnings } = readSshConfig(text, file, { ...options, fs })
  const hosts: ImportedHost[] = []
  for (const { alias, file: where, line } of collectAliases(hostLines)) {
    const settings = new Map<string, SshConfigEntry>()
    for (const e of entries) {
      if (settings.has(e.keyword) || !e.conditions.every((c) => hostConditionMatches(c, alias))) continue
      if (e.args.length === 0) throw new ImportError(e.file, e.line, `${e.keyword} needs a value`)
      settings.set(e.keyword, e)
    }
    const value = (k: string): string | undefined => settings.get(k)?.args[0]
    const portEntry = settings.get('port')
    const port = portEntry ? parsePort(portEntry.args[0]!, portEntry.file, portEntry.line) : DEFAULT_SSH_PORT
    const address = expandTokens(value('hostname') ?? alias, { h: alias })
    const user = value('user') ?? ''
    const tokens: Record<string, string> = {
      d: homeOf(options),
      u: localUserOf(options),
      h: address,
      r: user || localUserOf(options),
      n: alias,
      p: String(port),
      l: options.localHost ?? hostname(),
      L: (options.localHost ?? hostname()).split('.')[0]!,
    }
    const identity = settings.get('identityfile')
    let identityFile = ''
    if (identity && identity.args[0]!.toLowerCase() !== 'none') {
      const unknown = new Set<string>()
      identityFile = expandEnv(expandTokens(expandHome(identity.args[0]!, options), tokens, unknown), options)
      if (unknown.size > 0)
        warnings.push(
          `${identity.file} line ${identity.line}: IdentityFile token${unknown.size > 1 ? 's' : ''} ${[...unknown].map((t) => `%${t}`).join(', ')} left as written`,
        )
    }
    for (const [k, shown] of PROXY_KEYWORDS) {
      const e = settings.get(k)
      if (e && e.args[0]!.toLowerCase() !== 'none')
        warnings.push(
          `${e.file} line ${e.line}: ${alias} uses ${shown}, which Patchbay does not; it connects directly`,
        )
    }
    hosts.push({
      name: alias,
      address,
      port,
      user,
      identityFile,
      platform: 'unknown',
      groups: [],
      line,
      ...(where === file ? {} : { file: where }),
    })
  }
  return validateHosts(file, hosts, warnings)
}

interface Alias {
  alias: string
  file: string
  line: number
}

/** Concrete aliases (no wildcard, not negated) in first-seen order; a repeated alias is one host. */
function collectAliases(hostLines: SshHostLine[]): Alias[] {
  const seen = new Map<string, Alias>()
  for (const { patterns, file, line } of hostLines)
    for (const p of patterns) {
      if (p.startsWith('!') || WILDCARD.test(p) || seen.has(p.toLowerCase())) continue
      seen.set(p.toLowerCase(), { alias: p, file, line })
    }
  return [...seen.values()]
}

/** Expands OpenSSH `%x` tokens from `values` (`%%` is a percent sign); unknown ones are kept and reported. */
export function expandTokens(text: string, values: Record<string, string>, unknown?: Set<string>): string {
  return text.replace(/%(.)/g, (all, t: string) => {
    if (t === '%') return '%'
    const v = values[t]
    if (v !== undefined) return v
    unknown?.add(t)
    return all
  })
}

function expandEnv(text: string, options: SshConfigImportOptions): string {
  const env = options.env ?? process.env
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (all, name: string) => env[name] ?? all)
}
