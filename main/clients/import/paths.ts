import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { homedir, userInfo } from 'node:os'

/** Where `~` points and who the local user is; default to this process's user. */
export interface HomeOptions {
  /** Home directory `~` and `%d` expand to. */
  home?: string
  /** Local user name `%u` (and `%r` without a `User`) expand to. */
  localUser?: string
}

/** The home directory of `options` or of this process. */
export function homeOf(options: HomeOptions): string {
  return options.home ?? homedir()
}

/** The local user of `options` or of this process. */
export function localUserOf(options: HomeOptions): string {
  if (options.localUser !== undefined) return options.localUser
  try {
    return userInfo().username
  } catch {
    return process.env.USER ?? ''
  }
}

/** Expands a leading `~` or `~/` to the home directory; `~user/…` is left alone. */
export function expandHome(path: string, options: HomeOptions): string {
  if (path === '~') return homeOf(options)
  if (path.startsWith('~/')) return `${homeOf(options).replace(/\/+$/, '')}${path.slice(1)}`
  return path
}

/** The few file-system reads an ssh config `Include` needs; tests can supply their own. */
export interface ImportFs {
  /** The file's text, or undefined when it cannot be read. */
  readFile(path: string): string | undefined
  /** Names in a directory, or undefined when it is not one. */
  readDir(path: string): string[] | undefined
  /** True when `path` is a directory. */
  isDirectory(path: string): boolean
  /** A canonical path, used to detect include loops. */
  realPath(path: string): string
}

/** ImportFs on the real file system (synchronous). */
export const nodeImportFs: ImportFs = {
  readFile(path) {
    try {
      return readFileSync(path, 'utf8')
    } catch {
      return undefined
    }
  },
  readDir(path) {
    try {
      return readdirSync(path)
    } catch {
      return undefined
    }
  },
  isDirectory(path) {
    try {
      return statSync(path).isDirectory()
    } catch {
      return false
    }
  },
  realPath(path) {
    try {
      return realpathSync(path)
    } catch {
      return path
    }
  },
}
