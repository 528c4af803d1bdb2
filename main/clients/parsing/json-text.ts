import { MAX_OUTPUT_CHARS, checkTextSize } from './limits'
import { errorText } from './one-line'

/**
 * JSON.parse for outside text: refuses text over `max` characters before parsing, and turns a syntax error
 * into `fail("<what> is not JSON: <reason>")` on one line.
 */
export function parseJsonText(
  text: string,
  what: string,
  fail: (message: string) => Error,
  max = MAX_OUTPUT_CHARS,
): unknown {
  checkTextSize(text, max, what, fail)
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw fail(`${what} is not JSON: ${errorText(err)}`)
  }
}
