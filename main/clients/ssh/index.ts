/** ssh client layer: connection pool, host-key trust, typed per-host errors. */
export { SshPool, expectSuccess } from './connection-pool'
export type { ExecOptions, HostOutcome, RunOptions, SshPoolOptions } from './connection-pool'
export {
  JsonFileHostKeyStore,
  MemoryHostKeyStore,
  hostKeyEntry,
  hostKeyFromBlob,
  sha256Fingerprint,
  verifyHostKey,
} from './host-keys'
export type { HostKeyStore, VerifyHostKeyOptions } from './host-keys'
export { HostError, hostLabel, isHostError } from './types'
export type { ExecResult, HostErrorKind, KnownHostKey, SshAuth, SshTarget } from './types'
