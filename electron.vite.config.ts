import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

/** electron-vite builds main (Electron app + CLI), the sandboxed preload and the renderer from the top-level folders. */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Pure-JS packages of hundreds of small modules are bundled: resolving and compiling them one file at a
      // time cost the CLI ~150 ms of start-up per command (bench/README.md, "CLI start-up").
      externalizeDeps: { exclude: ['kysely', 'zod', 'commander'] },
      rollupOptions: {
        input: { index: resolve('main/app/index.ts'), cli: resolve('main/cli/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('main/app/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: { outDir: 'out/renderer', rollupOptions: { input: resolve('renderer/index.html') } },
    plugins: [react()],
  },
})
