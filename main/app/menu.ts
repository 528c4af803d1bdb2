import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'

/** What the application menu acts on. */
export interface MenuActions {
  /** The focused console window, if any. */
  focused(): BrowserWindow | null
  /** Flips the console between light and dark theme. */
  toggleTheme(): Promise<void>
  /** Text for the About box (site name, database, version). */
  aboutDetail(): Promise<string>
}

/** Builds and installs the native application menu: File › Exit; View › Refresh, Toggle dark theme; Help › About. */
export function installMenu(actions: MenuActions): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { label: '&File', submenu: [{ label: 'E&xit', role: 'quit', accelerator: 'CmdOrCtrl+Q' }] },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { label: '&Refresh', accelerator: 'F5', click: () => actions.focused()?.webContents.reload() },
        {
          label: 'Toggle &dark theme',
          accelerator: 'CmdOrCtrl+Shift+D',
          click: () => void actions.toggleTheme(),
        },
        ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Help',
      submenu: [
        {
          label: '&About Patchbay',
          click: async () => {
            const detail = await actions.aboutDetail().catch((err: unknown) => String(err))
            const options = {
              type: 'info' as const,
              title: 'About Patchbay',
              message: `Patchbay ${app.getVersion()}`,
              detail,
            }
            const win = actions.focused()
            await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
          },
        },
      ],
    },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
