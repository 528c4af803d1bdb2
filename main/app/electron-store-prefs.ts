import Store from 'electron-store'
import { mergePrefs, readPrefs } from '../core/runtime/prefs'
import type { PrefsPort } from '../core/runtime/ports'
import { userDataDir } from '../core/runtime/user-data-dir'

/**
 * The Electron console's PrefsPort, kept by electron-store. Same file and shape as conf-prefs
 * (`<userData>/console-prefs.json`, key `prefs`), so the Electron and browser consoles share preferences.
 * Main process only (electron-store throws outside Electron).
 */
export function createElectronStorePrefs(dir: string = userDataDir()): PrefsPort {
  const store = new Store<{ prefs: unknown }>({ name: 'console-prefs', cwd: dir, clearInvalidConfig: true })
  return {
    get: () => readPrefs(store.get('prefs')),
    set(patch) {
      const next = mergePrefs(readPrefs(store.get('prefs')), patch)
      store.set('prefs', next)
      return next
    },
  }
}
