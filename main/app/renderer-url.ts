import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The Vite dev server's address (ELECTRON_RENDERER_URL), honoured only when the app runs unpackaged. */
export function devServerUrl(packaged: boolean, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return packaged ? undefined : env.ELECTRON_RENDERER_URL
}

/** Where the renderer is loaded from: the Vite dev server in development, else out/renderer/index.html. */
export function rendererUrl(outDir: string, dev: string | undefined): string {
  return dev ?? pathToFileURL(join(outDir, 'renderer', 'index.html')).href
}
