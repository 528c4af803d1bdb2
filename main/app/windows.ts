import { join } from 'node:path'
import { app, BrowserWindow, screen, type Rectangle, type Session, type WebContents } from 'electron'
import { channelNames, eventNames } from '../../shared/contract'
import type { PrefsDto } from '../../shared/dto/prefs'
import { contentSecurityPolicy } from '../server/security-headers'
import { contractArguments } from './contract-args'
import { devServerUrl, rendererUrl } from './renderer-url'

/** The Electron windows' Content-Security-Policy (relaxed only for the dev server's HMR). */
export function electronCsp(dev: string | undefined): string {
  if (!dev) return contentSecurityPolicy()
  const ws = new URL(dev)
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:'
  return contentSecurityPolicy({ connect: [ws.origin], devServer: true })
}

/**
 * Session-wide hardening: CSP on every response, every permission request and check denied.
 * (file:// responses may bypass webRequest, so the renderer's index.html should carry a matching meta CSP.)
 */
export function hardenSession(ses: Session, csp: string): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders }
    for (const key of Object.keys(headers))
      if (key.toLowerCase() === 'content-security-policy') delete headers[key]
    headers['Content-Security-Policy'] = [csp]
    callback({ responseHeaders: headers })
  })
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
}

/** Per-page hardening: no navigation away, no new windows, no webviews. Applied to every webContents created. */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-frame-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** The windows whose pages may call the services. */
const consoleWindows = new Set<BrowserWindow>()

/** The webContents ids of our console windows (for the IPC sender guard). */
export function trustedWebContentsIds(): Set<number> {
  const ids = new Set<number>()
  for (const win of consoleWindows) if (!win.isDestroyed()) ids.add(win.webContents.id)
  return ids
}

/** The webContents of our console windows (event targets). */
export function consoleContents(): WebContents[] {
  return [...consoleWindows].filter((w) => !w.isDestroyed()).map((w) => w.webContents)
}

/** Options for a console window. */
export interface WindowOptions {
  outDir: string
  title: string
  /** A client route such as `/resource/12`, loaded as `#/resource/12`. */
  route?: string
  bounds?: Partial<Rectangle>
  parent?: BrowserWindow
}

/** Opens a hardened console window (isolated, sandboxed, our preload only) on the renderer, optionally on a route. */
export function openConsoleWindow(opts: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 400,
    minHeight: 300,
    ...opts.bounds,
    title: opts.title,
    show: false,
    parent: opts.parent,
    webPreferences: {
      preload: join(opts.outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click (auxclick) could open links outside the window-open handler.
      disableBlinkFeatures: 'Auxclick',
      additionalArguments: contractArguments(channelNames, eventNames),
    },
  })
  consoleWindows.add(win)
  win.on('closed', () => consoleWindows.delete(win))
  win.once('ready-to-show', () => win.show())
  const base = rendererUrl(opts.outDir, devServerUrl(app.isPackaged))
  void win.loadURL(opts.route ? `${base}#${opts.route}` : base)
  return win
}

/** Opens a Resource Explorer window for one resource (route `#/resource/ID`). */
export function openResourceExplorer(
  outDir: string,
  resourceId: string | number,
  parent?: BrowserWindow,
): BrowserWindow {
  const id = encodeURIComponent(String(resourceId))
  return openConsoleWindow({
    outDir,
    title: 'Resource Explorer',
    route: `/resource/${id}`,
    bounds: { width: 1000, height: 700 },
    parent,
  })
}

/** Saved bounds if they still fit on a connected display, else undefined (let Electron center the window). */
export function restorableBounds(saved: PrefsDto['windowBounds']): Rectangle | undefined {
  if (!saved) return undefined
  const area = screen.getDisplayMatching(saved).workArea
  const visible =
    saved.x < area.x + area.width - 50 &&
    saved.y < area.y + area.height - 50 &&
    saved.x + saved.width > area.x + 50 &&
    saved.y >= area.y - 10
  return visible ? saved : undefined
}

/** A window's normal (un-maximized) bounds, shaped to be saved in the preferences. */
export function boundsToSave(win: BrowserWindow): NonNullable<PrefsDto['windowBounds']> {
  const b = win.getNormalBounds()
  return {
    x: Math.round(b.x),
    y: Math.round(b.y),
    width: Math.max(400, Math.round(b.width)),
    height: Math.max(300, Math.round(b.height)),
  }
}
