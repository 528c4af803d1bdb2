// Property tests of the shared parsing helpers: the capped line splitter agrees with the split it replaced,
// one-line messages have no line break and a bounded length, quoted values read back, sizes print plainly.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_LINE_CHARS, sizeText, splitLines } from '../../../../main/clients/parsing/limits'
import { MAX_MESSAGE_CHARS, excerpt, oneLine, quote } from '../../../../main/clients/parsing/one-line'
import { arbitraryText, elapsed, runs } from './property-kit'

/** What toLines did before the caps: strip a BOM, split at LF with an optional CR, drop a final empty line. */
function formerToLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

const fail = (m: string) => new Error(m)

describe('splitLines (property)', () => {
  it('splits any text within the limits exactly as the former split did', () => {
    fc.assert(
      fc.property(arbitraryText(['\r', '\n', '\r\n', '\uFEFF', '\n\n']), (text) => {
        expect(splitLines(text, 'x', fail)).toEqual(formerToLines(text))
      }),
      runs(500),
    )
  })

  it('refuses the first line over the limit, naming its number and length, without copying it', () => {
    fc.assert(
      fc.property(fc.nat({ max: 5 }), fc.integer({ min: 1, max: 50 }), (before, over) => {
        const text = `${'ok\n'.repeat(before)}${'y'.repeat(10 + over)}\nlast`
        expect(() => splitLines(text, 'tool', fail, { maxLine: 10 })).toThrow(
          `tool line ${before + 1} is longer than 10 bytes (${10 + over} characters)`,
        )
      }),
      runs(100),
    )
    const huge = 'z'.repeat(MAX_LINE_CHARS * 8)
    expect(
      elapsed(() => expect(() => splitLines(huge, 'tool', fail)).toThrow(/line 1 is longer than 1 MiB/)),
    ).toBeLessThan(1_000)
  })

  it('prints sizes plainly', () => {
    expect([sizeText(12), sizeText(1024), sizeText(1536), sizeText(2 ** 20), sizeText(64 * 2 ** 20)]).toEqual(
      ['12 bytes', '1 KiB', '1.5 KiB', '1 MiB', '64 MiB'],
    )
  })
})

describe('one-line messages (property)', () => {
  it('oneLine leaves no line break or control character and cuts at the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => {
        const line = oneLine(text)
        // eslint-disable-next-line no-control-regex
        expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/)
        expect(line.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS)
      }),
      runs(400),
    )
  })

  it('quote reads back as JSON for short text and is always one line; excerpt keeps plain text as is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const q = quote(text)
        expect(q).not.toMatch(/[\r\n\u2028\u2029]/)
        if (text.length <= 160) expect(JSON.parse(q)).toBe(text)
        expect(excerpt(text)).not.toMatch(/[\r\n\u2028\u2029]/)
      }),
      runs(400),
    )
    expect(excerpt('User "ops"')).toBe('User "ops"')
  })
})
