// Property tests of the IPC guard: any channel name and any payload either reach the handler already
// validated, or come back as an error result on one line; dispatch never throws, never crashes inside zod,
// and never lets a payload pollute Object.prototype.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../../../main/core/runtime/dispatch'
import type { Handlers } from '../../../../main/core/runtime/handlers'
import { channels } from '../../../../shared/contract'
import { MAX_PROPERTY_MESSAGE, runs } from '../../clients/parsing/property-kit'

const NAMES = Object.keys(channels) as Array<keyof typeof channels>

/** Handlers that record what they were given and answer nothing. */
function recordingHandlers(seen: unknown[]): Handlers {
  return new Proxy({} as Handlers, {
    get: () => async (input: unknown) => {
      seen.push(input)
      return undefined
    },
  })
}

/** The top-level field names of a channel's input schema. */
function fields(channel: keyof typeof channels): string[] {
  const s = channels[channel].input as unknown as {
    shape?: object
    _zod?: { def?: { innerType?: { shape?: object } } }
  }
  return Object.keys(s.shape ?? s._zod?.def?.innerType?.shape ?? {})
}

function deep(n: number, leaf: unknown = 1): unknown {
  let v: unknown = leaf
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v }
  return v
}

const HOSTILE: unknown[] = [
  null,
  -1,
  1e308,
  -0,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  'x'.repeat(20_000),
  'a\nb\r\nc\u2028d',
  '\u0000',
  '../../etc/passwd',
  [],
  {},
  deep(2_000),
  JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}'),
  { 'key\nwith\nbreaks': { 'another\u2028one': 'x' } },
  Array.from({ length: 2_000 }, (_, i) => i),
]

const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...HOSTILE))

/** A payload for a channel: its own fields with arbitrary values, or anything at all. */
function payload(channel: keyof typeof channels): fc.Arbitrary<unknown> {
  const names = fields(channel)
  const shaped = names.length
    ? fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })), value, {
        maxKeys: names.length + 2,
      })
    : fc.constant({})
  return fc.oneof(shaped, shaped, value, fc.anything({ maxDepth: 3 }))
}

async function expectResult(channel: string, input: unknown, seen: unknown[]): Promise<void> {
  const before = seen.length
  const r = await dispatch({ handlers: recordingHandlers(seen) }, channel, input)
  if (r.ok) {
    expect(seen.length).toBe(before + 1)
    return
  }
  expect(seen.length).toBe(before)
  expect(['invalid-input', 'not-found']).toContain(r.error.code)
  expect(r.error.message).not.toMatch(/[\r\n\u2028\u2029]/)
  expect(r.error.message.length).toBeGreaterThan(0)
  expect(r.error.message.length).toBeLessThanOrEqual(MAX_PROPERTY_MESSAGE)
  expect(r.error.field ?? '').not.toMatch(/[\r\n\u2028\u2029]/)
}

describe('dispatch (property)', () => {
  it('any payload on any channel reaches the handler validated, or is refused on one line', async () => {
    const seen: unknown[] = []
    const call = fc.constantFrom(...NAMES).chain((c) => fc.tuple(fc.constant(c), payload(c)))
    await fc.assert(
      fc.asyncProperty(call, async ([channel, input]) => expectResult(channel, input, seen)),
      runs(800),
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('every channel refuses or accepts each hostile value as its whole payload and in each field', async () => {
    const seen: unknown[] = []
    for (const channel of NAMES) {
      for (const v of HOSTILE) await expectResult(channel, v, seen)
      for (const f of fields(channel)) for (const v of HOSTILE) await expectResult(channel, { [f]: v }, seen)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('any channel name that is not in the contract is not found, named on one line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.constantFrom(
            '__proto__',
            'constructor',
            'toString',
            'hasOwnProperty',
            'x'.repeat(20_000),
            'a\nb',
          ),
        ),
        async (name) => {
          fc.pre(!(NAMES as string[]).includes(name))
          const r = await dispatch({ handlers: recordingHandlers([]) }, name, {})
          expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } })
          await expectResult(name, {}, [])
        },
      ),
      runs(300),
    )
  })
})
