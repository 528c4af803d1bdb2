/** The Linux safeStorage backends that encrypt with a key the OS keeps (not one written in Chromium's source). */
const OS_KEYCHAINS = ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']

/**
 * Why Electron's safeStorage must not hold client secrets here, or null when it may: it must be available and,
 * on Linux, backed by a real keychain. Its `basic_text` fallback encrypts with a key hardcoded in Chromium,
 * which is plaintext in all but name.
 */
export function keychainRefusal(
  platform: NodeJS.Platform,
  available: boolean,
  linuxBackend: string,
): string | null {
  if (!available) return 'the OS keychain is not available to Electron'
  if (platform === 'linux' && !OS_KEYCHAINS.includes(linuxBackend))
    return `no OS keychain was found (Electron's safeStorage would use "${linuxBackend}", a key built into Chromium)`
  return null
}
