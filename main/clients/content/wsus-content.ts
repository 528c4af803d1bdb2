// Windows update content: WSUS offline-catalog payload files carry their digest (base64 SHA-1, the
// FileLocation Id) and a download URL; they become ContentFiles verified against that digest.
import type { WsusUpdate } from '../catalog/wsus-catalog'

/** The downloadable files of a WSUS update (files without a URL are left out); size is unknown (0) unless given. */
export function wsusContentFiles(
  update: Pick<WsusUpdate, 'updateId' | 'files'>,
  sizes: ReadonlyMap<string, number> = new Map(),
): Array<{ updateId: string; name: string; url: string; size: number; sha256: string }> {
  return update.files
    .filter((f): f is { id: string; url: string } => typeof f.url === 'string')
    .map((f) => ({
      updateId: update.updateId,
      name: decodeURIComponent(new URL(f.url).pathname.split('/').pop() ?? f.id),
      url: f.url,
      size: sizes.get(f.id) ?? 0,
      sha256: `sha1:${f.id}`,
    }))
}
