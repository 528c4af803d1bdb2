import { createHash } from 'node:crypto'

/** A deterministic pseudo-random source (mulberry32), seeded from any text. */
export interface LabRandom {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max]. */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T
  /** A shuffled copy of a list. */
  shuffle<T>(items: readonly T[]): T[]
}

/** sha256 of text, as hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** A random source whose sequence depends only on the given parts (e.g. seed, host index, purpose). */
export function labRandom(...parts: (string | number)[]): LabRandom {
  let a = Number.parseInt(sha256Hex(parts.join('\u0000')).slice(0, 8), 16) >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)]!,
    shuffle: (items) => {
      const out = [...items]
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i)
        ;[out[i], out[j]] = [out[j]!, out[i]!]
      }
      return out
    },
  }
}

/** A stable GUID derived from text (same text, same GUID), lower-case like WUA prints them. */
export function stableGuid(text: string): string {
  const h = sha256Hex(`guid:${text}`)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}
