/** True when the run is CI (`CI` set to anything but '', 'false' or '0'): every real peer must be present. */
export function underCi(): boolean {
  const ci = process.env.CI ?? ''
  return ci !== '' && ci !== 'false' && ci !== '0'
}

/**
 * A missing real peer: under CI it throws (the install step that should have provided it is missing),
 * elsewhere it prints why the tests that need it are skipped. Returns the reason, or null when present.
 */
export function peerMissing(peer: string, reason: string | null): string | null {
  if (reason === null) return null
  if (underCi()) throw new Error(`${peer} tests cannot run under CI: ${reason}`)
  console.warn(`[${peer}] skipping: ${reason}`)
  return reason
}
