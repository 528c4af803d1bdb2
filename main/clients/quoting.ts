// The two quoting rules Patchbay uses: one for POSIX shells, one for PowerShell. Every command Patchbay sends
// that carries data (a path, a package name, an update ID) quotes it with one of these, once, where it is sent.

export { posixCommand, posixQuote, posixWord } from '../../shared/posix-quoting'

/**
 * Quotes a string as a PowerShell single-quoted literal. PowerShell ends such a literal at any of ' ‘ ’ ‚ ‛
 * (U+0027, U+2018–U+201B) and reads each doubled as itself, so every one of them is doubled.
 */
export function psQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a PowerShell string cannot hold a NUL character')
  return `'${value.replace(/['\u2018-\u201B]/g, '$&$&')}'`
}

/** A PowerShell array literal of quoted strings: @('a', 'b'). */
export function psArray(values: readonly string[]): string {
  return `@(${values.map(psQuote).join(', ')})`
}

/** The base64 UTF-16LE form of a script for `powershell -EncodedCommand`: the script travels as data, unparsed by any shell. */
export function psEncoded(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64')
}

/** The command line that runs a PowerShell script over OpenSSH without any shell reading the script. */
export function psCommandLine(script: string): string {
  return `powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${psEncoded(script)}`
}
