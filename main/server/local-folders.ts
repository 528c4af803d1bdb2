import { mkdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { PatchbayError } from '../../shared/errors'
import type { LocalPathPolicy } from '../core/runtime/local-paths'
import { userDataDir } from '../core/runtime/user-data-dir'

/** Public keyrings an APT source may name (read only): Debian's archive keyrings and third-party ones. */
export const keyringFolders = ['/usr/share/keyrings', '/etc/apt/keyrings']

/** Options of the browser-mode folder policy. */
export interface LocalFoldersOptions {
  /** The console's own folder, created 0700 when missing (default `~/Patchbay`; none when PATCHBAY_HOME is set). */
  workFolder?: string
  /** More folders to read and write under (`--allow-folder`); each must exist. */
  allowFolders?: string[]
  /** More folders to only read under (`--allow-read-folder`), e.g. `~/.ssh` for identity files; each must exist. */
  allowReadFolders?: string[]
  env?: NodeJS.ProcessEnv
}

/** An existing folder given on the command line, as an absolute path (`~` expanded). */
function existingFolder(option: string, dir: string): string {
  const home = homedir()
  const expanded = dir === '~' ? home : dir.startsWith('~/') ? join(home, dir.slice(2)) : dir
  const abs = isAbsolute(expanded) ? expanded : resolve(expanded)
  let isDir = false
  try {
    isDir = statSync(abs).isDirectory()
  } catch {
    // reported below
  }
  if (!isDir) throw new PatchbayError('invalid-input', `${option} ${dir}: no such folder`, option)
  return resolve(abs)
}

/**
 * The folders browser mode lets the page name (anyone holding the token reads and writes as this user there): the
 * console's folder `~/Patchbay` and the user data folder (both created 0700 when missing), every `--allow-folder`,
 * and read only the public keyring folders and every `--allow-read-folder`. With PATCHBAY_HOME set (a portable
 * install, a test) that folder is the console's only own folder: nothing is made in the home folder.
 */
export function browserLocalFolders(opts: LocalFoldersOptions = {}): LocalPathPolicy {
  const env = opts.env ?? process.env
  const workFolder = opts.workFolder ?? (env.PATCHBAY_HOME ? undefined : join(homedir(), 'Patchbay'))
  const own = [...(workFolder ? [resolve(workFolder)] : []), resolve(userDataDir(env))]
  for (const dir of own) mkdirSync(dir, { recursive: true, mode: 0o700 })
  const extra = (opts.allowFolders ?? []).map((d) => existingFolder('--allow-folder', d))
  const readOnly = (opts.allowReadFolders ?? []).map((d) => existingFolder('--allow-read-folder', d))
  const keyrings = process.platform === 'win32' ? [] : keyringFolders
  return {
    roots: unique([...own, ...extra]),
    readOnlyRoots: unique([...readOnly, ...keyrings]),
  }
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)]
}
