import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * The per-user data folder, the same one Electron's app.getPath('userData') gives for "Patchbay",
 * so the CLI, browser mode and the Electron console share the embedded default site.
 * PATCHBAY_HOME overrides it (tests, portable installs).
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.PATCHBAY_HOME) return env.PATCHBAY_HOME
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Patchbay')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Patchbay')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Patchbay')
}

/** Where the embedded default site database lives. */
export function defaultSitePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), 'site.db')
}
