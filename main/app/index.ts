// Patchbay's Electron entry (built to out/main/index.js). The main process hosts the services; windows
// only reach them through the guarded IPC binding.
//
// Native module note: better-sqlite3 is compiled here for Node's ABI (the CLI and browser mode). Under
// a real Electron it must be rebuilt for Electron's ABI: electron-builder does so when packaging
// (npmRebuild: true in electron-builder.yml), and for `npm start` with an Electron binary run
// `npx electron-builder install-app-deps` once.
import { app, BrowserWindow, ipcMain, session } from 'electron'
import { dispatch } from '../core/runtime/dispatch'
import type { PrefsPort } from '../core/runtime/ports'
import type { Services } from '../core/runtime/services'
import { secretsFromEnv } from '../core/runtime/secrets'
import { startServices } from '../core/runtime/start-services'
import { userDataDir } from '../core/runtime/user-data-dir'
import { locateOutDir } from '../server/out-dir'
import { siteArgument } from './app-args'
import { createElectronStorePrefs } from './electron-store-prefs'
import { safeStorageSecrets } from './safe-storage-secrets'
import { bindIpc, forwardEvents } from './ipc-binding'
import { installMenu } from './menu'
import {
  boundsToSave,
  consoleContents,
  electronCsp,
  hardenContents,
  hardenSession,
  openConsoleWindow,
  openResourceExplorer,
  restorableBounds,
  trustedWebContentsIds,
} from './windows'
import { devServerUrl, rendererUrl } from './renderer-url'

const outDir = locateOutDir(import.meta.url)
let services: Services | null = null
let mainWindow: BrowserWindow | null = null

/** Opens (or focuses) the main console window, restoring and then persisting its bounds. */
function showMainWindow(prefs: PrefsPort): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
    return
  }
  const win = openConsoleWindow({
    outDir,
    title: 'Patchbay',
    bounds: restorableBounds(prefs.get().windowBounds),
  })
  win.on('close', () => {
    try {
      prefs.set({ windowBounds: boundsToSave(win) })
    } catch {
      // Bounds the schema refuses are simply not remembered.
    }
  })
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
  mainWindow = win
}

/** Starts the services, binds IPC, hardens sessions and opens the console. */
async function start(): Promise<void> {
  const prefs = createElectronStorePrefs()
  const keychain = safeStorageSecrets()
  const svc = await startServices({
    site: siteArgument(process.argv),
    frontDoor: 'electron',
    prefs,
    createIfMissing: true,
    // The OS keychain when there is one; otherwise the passphrase vault (PATCHBAY_VAULT_PASSPHRASE) or none, saying why.
    secrets: 'port' in keychain ? keychain.port : secretsFromEnv(process.env, keychain.refused),
    openResourceExplorer: (resourceId) => void openResourceExplorerWindow(resourceId),
  })
  services = svc
  const dev = devServerUrl(app.isPackaged)
  hardenSession(session.defaultSession, electronCsp(dev))
  const trust = () => ({ rendererUrl: rendererUrl(outDir, dev), webContentsIds: trustedWebContentsIds() })
  bindIpc(ipcMain, svc, trust)
  forwardEvents(svc, consoleContents)
  installMenu({
    focused: () => BrowserWindow.getFocusedWindow() ?? mainWindow,
    async toggleTheme() {
      const theme = prefs.get().theme === 'dark' ? 'light' : 'dark'
      await dispatch(svc, 'prefs:set', { theme })
    },
    async aboutDetail() {
      const info = await svc.info()
      return `Site ${info.code} (${info.name})\n${info.dbKind}: ${info.location}\nSchema version ${info.schemaVersion}`
    },
  })
  showMainWindow(prefs)
  app.on('second-instance', () => showMainWindow(prefs))
  app.on('activate', () => showMainWindow(prefs))
}

/** Opens a Resource Explorer window for a resource (console:open-explorer). */
export function openResourceExplorerWindow(resourceId: string | number): BrowserWindow {
  return openResourceExplorer(outDir, resourceId, mainWindow ?? undefined)
}

// Same per-user folder as the CLI and browser mode (site database, preferences); set before the
// single-instance lock, which lives in that folder.
app.setPath('userData', userDataDir())
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.enableSandbox()
  app.on('web-contents-created', (_event, contents) => hardenContents(contents))
  app.on('window-all-closed', () => app.quit())
  let closed = false
  app.on('will-quit', (event) => {
    if (closed || !services) return
    event.preventDefault()
    void services.close().finally(() => {
      closed = true
      app.quit()
    })
  })
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('Patchbay could not start:', err)
      app.exit(1)
    })
}
