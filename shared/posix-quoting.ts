// POSIX shell quoting: one rule for every command line Patchbay builds, in the main process and the console.

/** Quotes a word for a POSIX shell (sh, dash, bash, zsh): single quotes, each embedded one as '\''. */
export function posixQuote(word: string): string {
  if (word.includes('\0')) throw new Error('a shell word cannot hold a NUL character')
  return `'${word.replace(/'/g, `'\\''`)}'`
}

/**
 * A word as a POSIX shell reads it: bare when no shell would treat any of its characters specially (a '~' only
 * inside, never first or after '=' or ':', where shells expand it), else quoted.
 */
export function posixWord(word: string): string {
  const plain = /^[A-Za-z0-9_@%+=:,./~-]+$/.test(word) && !/(^|[=:])~/.test(word)
  return plain ? word : posixQuote(word)
}

/** A POSIX command line from a program and its arguments, each argument quoted once (bare when plain). */
export function posixCommand(argv: readonly string[]): string {
  return argv.map(posixWord).join(' ')
}
