import Conf from 'conf'
import { mergePrefs, readPrefs } from './prefs'
import type { PrefsPort } from './ports'
import { userDataDir } from './user-data-dir'

/** Preferences kept by `conf` (electron-store's engine) in the user's data folder: CLI and browser mode. */
export function createConfPrefs(dir: string = userDataDir()): PrefsPort {
  const store = new Conf<{ prefs: unknown }>({
    cwd: dir,
    configName: 'console-prefs',
    projectName: 'patchbay',
  })
  return {
    get: () => readPrefs(store.get('prefs')),
    set(patch) {
      const next = mergePrefs(readPrefs(store.get('prefs')), patch)
      store.set('prefs', next)
      return next
    },
  }
}
