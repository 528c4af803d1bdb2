import type { PrefsDto } from '../../../shared/dto/prefs'
import type { z } from 'zod'
import type { prefsPatch } from '../../../shared/dto/prefs'
import type { SshPoolOptions } from '../../clients/ssh'
import type { LocalPathPolicy } from './local-paths'
import type { SecretsPort } from './secrets'

/** Which front door started the services. */
export type FrontDoor = 'electron' | 'browser' | 'in-process'

/** Where console preferences are kept: electron-store in Electron, conf elsewhere, memory in tests. */
export interface PrefsPort {
  /** The current preferences, defaults filled in. */
  get(): PrefsDto
  /** Merges a change and returns the result. */
  set(patch: z.output<typeof prefsPatch>): PrefsDto
}

/** What the front door hands the services: nothing in core reaches for Electron or globals itself. */
export interface Ports {
  prefs: PrefsPort
  clock: () => Date
  frontDoor: FrontDoor
  /** Encrypts client secrets: Electron safeStorage, a passphrase vault, or none. */
  secrets: SecretsPort
  /** SSH pool settings for client work (timeouts, concurrency); defaults suit production. */
  ssh?: Omit<SshPoolOptions, 'hostKeys' | 'trustNewHostKeys'>
  /** Unforced scans skip clients scanned more recently than this (default 24 h). */
  scanTtlMs?: number
  /** apt options (`Name=value`) each scan's `apt-get update` passes, e.g. to scope it to one source list (tests). */
  listsRefreshAptOptions?: readonly string[]
  /** Opens Resource Explorer in a window of its own, where the front door has windows (Electron). */
  openResourceExplorer?: (resourceId: number) => void
  /**
   * The folders callers may name in a channel's local path fields (browser mode: anyone holding the token);
   * absent, paths are not confined (the CLI in process, the Electron console).
   */
  localPaths?: LocalPathPolicy
}
