/** What the IPC guard knows about the frame that sent a call (taken from `event.senderFrame`). */
export interface SenderFacts {
  /** The sending frame's URL, or undefined when the frame is gone (navigated away, destroyed). */
  frameUrl: string | undefined
  /** True when the frame is its page's top frame (no parent, same as webContents.mainFrame). */
  isMainFrame: boolean
  /** The id of the sending webContents. */
  webContentsId: number
}

/** What the guard trusts: our windows' webContents and the renderer's address. */
export interface TrustedRenderer {
  /** file:// URL of out/renderer/index.html, or the dev server URL (ELECTRON_RENDERER_URL). */
  rendererUrl: string
  /** The webContents ids of our own windows. */
  webContentsIds: ReadonlySet<number>
}

/** Parses a URL, or null. */
function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * True when a frame's URL is our renderer: for file:// the very same index.html (any #route or query);
 * for an http(s) dev server the same origin.
 */
export function isRendererUrl(frameUrl: string, rendererUrl: string): boolean {
  const frame = parse(frameUrl)
  const ours = parse(rendererUrl)
  if (!frame || !ours || frame.username || frame.password) return false
  if (ours.protocol === 'file:') {
    return frame.protocol === 'file:' && frame.host === ours.host && frame.pathname === ours.pathname
  }
  if (ours.protocol === 'http:' || ours.protocol === 'https:') return frame.origin === ours.origin
  return false
}

/** The IPC sender check: the main frame of one of our windows, showing our renderer. Pure, so it is testable without Electron. */
export function isTrustedSender(sender: SenderFacts, trusted: TrustedRenderer): boolean {
  if (!sender.isMainFrame || sender.frameUrl === undefined) return false
  if (!trusted.webContentsIds.has(sender.webContentsId)) return false
  return isRendererUrl(sender.frameUrl, trusted.rendererUrl)
}
