// Bundle-relative path rules, shared by the builder (before writing) and the verifier (before trusting an
// entry). A path is a forward-slash relative path in NFC that is safe to create on Linux and Windows alike.
import { excerpt } from '../parsing/one-line'

/** Longest bundle-relative path, in UTF-8 bytes. */
export const MAX_PATH_BYTES = 1024
/** Longest single path segment, in UTF-8 bytes (ext4 and NTFS both stop at 255). */
export const MAX_SEGMENT_BYTES = 255
/** Deepest nesting of folders in a bundle. */
export const MAX_DEPTH = 32

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i
// Control characters, plus characters Windows refuses in names (`:` would also open an alternate data stream).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f<>:"|?*\\]/

/** Why `path` is not a safe bundle-relative path, or null when it is. */
export function bundlePathProblem(path: string): string | null {
  if (path === '') return 'empty path'
  if (path.includes('\u0000')) return 'path contains a NUL character'
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('\\')) return 'absolute path'
  if (path.includes('\\')) return 'path contains a backslash'
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) return `path longer than ${MAX_PATH_BYTES} bytes`
  if (path.normalize('NFC') !== path) return 'path is not in Unicode NFC form'
  const segments = path.split('/')
  if (segments.length > MAX_DEPTH) return `path deeper than ${MAX_DEPTH} folders`
  for (const segment of segments) {
    if (segment === '..') return 'path climbs out of the bundle (..)'
    if (segment === '' || segment === '.') return 'path has an empty or "." segment'
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)
      return `path segment longer than ${MAX_SEGMENT_BYTES} bytes`
    if (FORBIDDEN_CHARS.test(segment))
      return `path segment "${excerpt(segment)}" has a control or reserved character`
    if (/[. ]$/.test(segment)) return `path segment "${excerpt(segment)}" ends with a dot or space`
    if (WINDOWS_RESERVED.test(segment))
      return `path segment "${excerpt(segment)}" is a reserved Windows device name`
  }
  return null
}

/** The key two paths collide on: case-insensitive, as on Windows and macOS file systems. */
export function collisionKey(path: string): string {
  return path.normalize('NFC').toLowerCase()
}

/** Duplicate (case-insensitive) paths and paths that are both a file and a folder, as [path, message]. */
export function pathConflicts(paths: readonly string[]): Array<[string, string]> {
  const problems: Array<[string, string]> = []
  const files = new Map<string, string>()
  for (const path of paths) {
    const key = collisionKey(path)
    const first = files.get(key)
    if (first === undefined) files.set(key, path)
    else
      problems.push([
        path,
        first === path
          ? `"${excerpt(path)}" is listed twice`
          : `"${excerpt(path)}" and "${excerpt(first)}" differ only in case`,
      ])
  }
  for (const path of paths) {
    const segments = collisionKey(path).split('/')
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/')
      const file = files.get(folder)
      if (file !== undefined)
        problems.push([path, `"${excerpt(file)}" is a file but "${excerpt(path)}" needs it as a folder`])
    }
  }
  return problems
}
