// Error-message hygiene for parsers of outside data: every refusal is one line of bounded length, and any
// piece of the input it quotes has its line breaks and other control characters escaped.

/** Longest error message a parser gives, in characters; a longer one is cut and ends with "…". */
export const MAX_MESSAGE_CHARS = 1000

/** Longest piece of outside text an error message quotes, in characters. */
export const MAX_QUOTE_CHARS = 160

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

function escapeChar(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** A message made one line: line breaks and other control characters escaped, cut to `max` characters. */
export function oneLine(message: string, max = MAX_MESSAGE_CHARS): string {
  return cut(cut(message, 6 * max).replace(UNSAFE, escapeChar), max)
}

/** A piece of outside text for a message: a JSON string (controls escaped), cut to `max` characters first. */
export function quote(value: string, max = MAX_QUOTE_CHARS): string {
  return JSON.stringify(cut(value, max + 1)).replace(UNSAFE, escapeChar)
}

/** A piece of outside text to show inside a message's own quotes: controls escaped, cut to `max` characters. */
export function excerpt(value: string, max = MAX_QUOTE_CHARS): string {
  return cut(value, max + 1).replace(UNSAFE, escapeChar)
}

/** The message of anything thrown, as one line (for wrapping a library's error in a parser's own). */
export function errorText(err: unknown): string {
  return oneLine(err instanceof Error ? err.message : String(err))
}
