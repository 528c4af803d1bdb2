import { makeAutoObservable } from 'mobx'
import type { Command } from '../../shell/commands'
import type { RootStore } from '../../shell/root-store'
import type { ConsoleTransport } from '../../transport/connection'

/** A package-content or bundle dialog the console shows. */
export type BundleDialog =
  | { kind: 'build'; packageId?: string; packageName?: string; updateIds?: string[] }
  | { kind: 'verify' }
  | { kind: 'import' }
  | { kind: 'verify-package'; packageId: string; packageName: string }
  | { kind: 'download'; packageId: string; packageName: string }

/** Which bundle dialog is open, and the paths typed last (kept for the session, never the key's content). */
export class BundleStore {
  dialog: BundleDialog | null = null
  /** Last signing key path, bundle folder and trusted key path, so the next dialog starts filled in. */
  signingKey = ''
  trustedKey = ''
  lastBundle = ''

  constructor(
    readonly root: RootStore,
    readonly transport: ConsoleTransport,
  ) {
    makeAutoObservable(this, { root: false, transport: false }, { autoBind: true })
  }

  /** Opens a dialog. */
  open(dialog: BundleDialog): void {
    this.dialog = dialog
  }

  /** Closes the open dialog. */
  close(): void {
    this.dialog = null
  }

  /** Remembers paths typed in a dialog. */
  remember(paths: { signingKey?: string; trustedKey?: string; bundle?: string }): void {
    if (paths.signingKey) this.signingKey = paths.signingKey
    if (paths.trustedKey) this.trustedKey = paths.trustedKey
    if (paths.bundle) this.lastBundle = paths.bundle
  }
}

/** All Tasks of a package: Download Content, Verify Package, Build Bundle. */
export function bundlePackageCommands(root: RootStore, packageId: string, packageName: string): Command[] {
  const b = root.bundles
  return [
    {
      id: 'download-content',
      label: 'Download Content…',
      run: () => b.open({ kind: 'download', packageId, packageName }),
    },
    {
      id: 'verify-package',
      label: 'Verify Package…',
      run: () => b.open({ kind: 'verify-package', packageId, packageName }),
    },
    {
      id: 'build-bundle',
      label: 'Build Bundle…',
      run: () => b.open({ kind: 'build', packageId, packageName }),
    },
  ]
}

/** All Tasks of the Packages and Software Updates nodes: build, verify and import offline bundles. */
export function bundleNodeCommands(root: RootStore, updateIds?: string[]): Command[] {
  const b = root.bundles
  return [
    {
      id: 'build-bundle',
      label: 'Build Bundle…',
      run: () => b.open(updateIds?.length ? { kind: 'build', updateIds } : { kind: 'build' }),
    },
    { id: 'verify-bundle', label: 'Verify Bundle…', run: () => b.open({ kind: 'verify' }) },
    { id: 'import-bundle', label: 'Import Bundle…', run: () => b.open({ kind: 'import' }) },
  ]
}
