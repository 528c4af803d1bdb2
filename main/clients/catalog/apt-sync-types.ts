import type { FetchLike } from './http-fetch'

/** One Debian binary package version offered by a synced source, as the site database stores it. */
export interface CatalogUpdate {
  /** `deb:<package>:<arch>:<version>`. */
  id: string
  /** `<package> <version>`. */
  title: string
  package: string
  version: string
  architecture: string
  suite: string
  component: string
  classification: 'Security Updates' | 'Updates'
  size: number
  sha256: string
  /** Absolute URL of the .deb: baseUrl + '/' + Filename. */
  downloadPath: string
  source?: string
  section?: string
  priority?: string
  description: string
  /** The Release path of the index it came from, e.g. main/binary-amd64/Packages. */
  index: string
  /** Id of the newest version of the same package+arch in this sync, when that is not this one. */
  supersededBy?: string
}

/** A previously stored entry: its digest (the .deb SHA256) and, when known, the index it came from. */
export type PreviousEntry = string | { digest: string; index?: string }

/** What the caller kept from the last successful sync of this source. */
export interface AptSyncPrevious {
  /** Release path → SHA256 of each index last time (`result.state.indexes`). */
  indexes?: Record<string, string>
  /** Stored entries by id; a Map also lets the sync report which disappeared (a function cannot). */
  entries?: ReadonlyMap<string, PreviousEntry> | ((id: string) => PreviousEntry | undefined)
}

/** Options for `syncAptSource`. */
export interface AptSyncOptions {
  /** Archive root, e.g. http://127.0.0.1:8080/debian-security (dists/ and pool/ live below it). */
  baseUrl: string
  suite: string
  components?: string[]
  architectures?: string[]
  fetch?: FetchLike
  previous?: AptSyncPrevious
  /** Accept a Release whose Valid-Until has passed (a stale mirror). */
  allowExpired?: boolean
  /** Verify the OpenPGP signature with gpgv against this keyring. Without one, the sync is refused unless allowUnsigned. */
  keyring?: string
  /** Accept a Release that no keyring verifies (hashes only): anyone on the path to the mirror can change it. */
  allowUnsigned?: boolean
  /** The Date of the Release accepted last: an older one (a replayed or rolled-back mirror) is refused. */
  lastReleaseDate?: string | null
  /** Use by-hash/SHA256/ paths when the Release offers them (default true). */
  byHash?: boolean
  timeoutMs?: number
  now?: Date
}

/** The outcome of one sync: on any error, `entries` is empty and nothing should be written. */
export interface AptSyncResult {
  release: { suite: string; codename?: string; date?: string; validUntil?: string; signedBy?: string } | null
  /** New and changed entries when `previous.entries` is given, otherwise every entry. */
  entries: CatalogUpdate[]
  /** Ids in `previous.entries` that the re-downloaded indexes no longer list. */
  expired: string[]
  /** id → superseding id, for every entry of the downloaded indexes (stored rows need it too). */
  supersedence: Map<string, string>
  stats: {
    fetchedBytes: number
    indexes: number
    skippedIndexes: number
    new: number
    changed: number
    unchanged: number
    expired: number
  }
  /** Persist after writing the entries; pass back as `previous.indexes`. */
  state: { indexes: Record<string, string> }
  errors: string[]
}

/** The digest sync compares to decide "changed": the .deb's SHA256. */
export const catalogDigest = (u: { sha256: string }): string => u.sha256
