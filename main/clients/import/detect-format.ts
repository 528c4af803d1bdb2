import { basename, extname } from 'node:path'
import type { ImportFileFormat, ImportFormatOption } from './types'

/** ssh_config keywords that commonly start a line (lower case), to recognise an ssh config by content. */
const SSH_KEYWORDS = new Set(
  [
    'host match include hostname user port identityfile identitiesonly proxyjump proxycommand forwardagent',
    'serveraliveinterval serveralivecountmax stricthostkeychecking userknownhostsfile globalknownhostsfile',
    'addkeystoagent usekeychain identityagent controlmaster controlpath controlpersist compression loglevel',
    'sendenv setenv ciphers macs kexalgorithms hostkeyalgorithms pubkeyacceptedkeytypes',
    'pubkeyacceptedalgorithms pubkeyauthentication passwordauthentication preferredauthentications',
    'gssapiauthentication batchmode localforward remoteforward dynamicforward exitonforwardfailure forwardx11',
    'forwardx11trusted requesttty remotecommand certificatefile connecttimeout canonicalizehostname',
    'canonicaldomains visualhostkey hashknownhosts tcpkeepalive updatehostkeys',
  ]
    .join(' ')
    .split(' '),
)

function significantLines(text: string, max = 50): string[] {
  const out: string[] = []
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    const line = raw.replace(/\r$/, '').trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    out.push(line)
    if (out.length >= max) break
  }
  return out
}

/** True when an inventory's text is YAML (`---` or a `key:` mapping first) rather than INI. */
export function looksLikeYamlInventory(text: string): boolean {
  const first = significantLines(text, 1)[0]
  return first !== undefined && (first.startsWith('---') || /^[^\s[#;'"][^\s]*:(\s|$)/.test(first))
}

function looksLikeCsv(first: string): boolean {
  const columns = first.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase())
  return columns.length > 1 && columns.includes('name') && columns.includes('address')
}

function looksLikeSshConfig(lines: string[]): boolean {
  const keywords = lines.map((l) => /^([A-Za-z]+)(?:\s*=\s*|\s+)\S/.exec(l)?.[1]?.toLowerCase())
  const known = keywords.filter((k) => k !== undefined && SSH_KEYWORDS.has(k)).length
  return keywords.some((k) => k === 'host' || k === 'match' || k === 'include') && known >= lines.length * 0.8
}

function looksLikeIni(lines: string[]): boolean {
  if (lines.some((l) => /^\[[^\]\s]+\]\s*([#;].*)?$/.test(l))) return true
  return lines.every((l) => /^[^\s=[]+(\s+[^\s=]+=\S*)*(\s+#.*)?$/.test(l))
}

/** Guesses an import file's format from its content, then its name; undefined when neither tells. */
export function detectFormat(fileName: string, text: string): ImportFileFormat | undefined {
  const lines = significantLines(text)
  const first = lines[0]
  if (first !== undefined) {
    if (looksLikeCsv(first)) return 'csv'
    if (looksLikeYamlInventory(text)) return 'ansible-yaml'
    if (looksLikeSshConfig(lines)) return 'ssh-config'
    if (/^\[[^\]\s]+\]/.test(first) && looksLikeIni(lines)) return 'ansible-ini'
  }
  const ext = extname(fileName).toLowerCase()
  const base = basename(fileName).toLowerCase()
  if (ext === '.csv') return 'csv'
  if (ext === '.yml' || ext === '.yaml') return 'ansible-yaml'
  if (ext === '.ini') return 'ansible-ini'
  if (base === 'config' || base.includes('ssh_config') || /(^|[\\/])\.ssh[\\/]/.test(fileName))
    return 'ssh-config'
  if (first !== undefined && looksLikeIni(lines)) return 'ansible-ini'
  return undefined
}

/** The concrete format for a CLI `--format` (`ansible` is YAML or INI by content, then by extension). */
export function resolveFormat(option: ImportFormatOption, fileName: string, text: string): ImportFileFormat {
  if (option !== 'ansible') return option
  if (significantLines(text, 1).length === 0)
    return /\.ya?ml$/i.test(fileName) ? 'ansible-yaml' : 'ansible-ini'
  return looksLikeYamlInventory(text) ? 'ansible-yaml' : 'ansible-ini'
}
