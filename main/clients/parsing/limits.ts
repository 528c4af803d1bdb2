// Size limits for parsers of outside data. Each refusal happens before the text is copied or split, so an
// oversized input costs one length check, never a second copy.

/** Longest line accepted from a client command's output or a catalog index: 1 MiB of characters. */
export const MAX_LINE_CHARS = 1024 * 1024

/** Most text accepted from one client command's output: 64 MiB of characters. */
export const MAX_OUTPUT_CHARS = 64 * 1024 * 1024

/** A character or byte count for messages: `1 MiB`, `64 MiB`, `1.5 KiB`, `12 bytes`. */
export function sizeText(n: number): string {
  const units: Array<[number, string]> = [
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
  ]
  for (const [size, unit] of units)
    if (n >= size) return `${Number((n / size).toFixed(n % size === 0 ? 0 : 1))} ${unit}`
  return `${n} bytes`
}

/** Throws `fail(message)` when `text` is longer than `max` characters; reads only its length. */
export function checkTextSize(
  text: string,
  max: number,
  what: string,
  fail: (message: string) => Error,
): void {
  if (text.length > max)
    throw fail(`${what} is ${text.length} characters, more than the ${sizeText(max)} accepted`)
}

/** Limits for `splitLines`. */
export interface LineLimits {
  /** Whole text, in characters (default MAX_OUTPUT_CHARS). */
  maxChars?: number
  /** One line, in characters, its CR included (default MAX_LINE_CHARS). */
  maxLine?: number
}

/**
 * Splits text into lines as `text.split(/\r?\n/)` does, a leading BOM and a final empty line dropped, refusing
 * text over `maxChars` and any line over `maxLine` characters before that line is copied.
 */
export function splitLines(
  text: string,
  what: string,
  fail: (message: string) => Error,
  limits: LineLimits = {},
): string[] {
  const maxLine = limits.maxLine ?? MAX_LINE_CHARS
  checkTextSize(text, limits.maxChars ?? MAX_OUTPUT_CHARS, what, fail)
  const lines: string[] = []
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0
  while (start <= text.length) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) nl = text.length
    if (nl - start > maxLine)
      throw fail(
        `${what} line ${lines.length + 1} is longer than ${sizeText(maxLine)} (${nl - start} characters)`,
      )
    const end = nl < text.length && nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
    lines.push(text.slice(start, end))
    start = nl + 1
  }
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}
