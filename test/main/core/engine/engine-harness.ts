import { EventBus } from '../../../../main/core/runtime/event-bus'
import { createMemoryPrefs } from '../../../../main/core/runtime/prefs'
import { noSecrets } from '../../../../main/core/runtime/secrets'
import { createSiteContext, type SiteContext } from '../../../../main/core/runtime/site-context'
import { initSite } from '../../../../main/core/runtime/site-init'
import { openSiteDb, type SiteDb } from '../../../../main/site/site-db'

/** A settable fake clock. */
export interface FakeClock {
  (): Date
  advance(ms: number): void
  set(iso: string): void
}

/** A fake clock starting at `iso`. */
export function fakeClock(iso = '2025-03-03T08:00:00.000Z'): FakeClock {
  let t = Date.parse(iso)
  const clock = (() => new Date(t)) as FakeClock
  clock.advance = (ms) => (t += ms)
  clock.set = (s) => (t = Date.parse(s))
  return clock
}

/** A new site (code LAB) with a SiteContext over it on the fake clock. */
export async function engineSite(
  location: string,
  clock: FakeClock,
): Promise<{ site: SiteDb; ctx: SiteContext }> {
  await initSite({ site: location, code: 'LAB', name: 'Lab Site' })
  const site = await openSiteDb(location)
  const ctx = createSiteContext(
    site,
    'LAB',
    { prefs: createMemoryPrefs(), clock, frontDoor: 'in-process', secrets: noSecrets() },
    new EventBus(),
  )
  return { site, ctx }
}

/** A promise with its resolve handle. */
export function deferred<T = void>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}
