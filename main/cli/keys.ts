import { Command } from 'commander'
import { createSigningKeyPair } from '../clients/bundle'
import { siteLocation, output } from './context'

/** `patchbay keys create`: an Ed25519 bundle-signing key pair; works without a site. */
export function keysCommand(): Command {
  const keys = new Command('keys').description('bundle signing keys (Ed25519)')
  keys
    .command('create')
    .description('create patchbay-signing.key (private, mode 0600) and patchbay-signing.pub in a folder')
    .requiredOption('--out <dir>', 'folder for the key pair (created owner-only when missing)')
    .option('--force', 'replace an existing key pair')
    .action(async (opts: { out: string; force?: boolean }, cmd: Command) => {
      const dir = siteLocation(opts.out) ?? opts.out
      const pair = await createSigningKeyPair(dir, { force: opts.force === true }).catch((err: Error) => {
        throw new Error(err.message)
      })
      output(
        cmd,
        pair,
        () =>
          `Created signing key ${pair.fingerprint}\n  private: ${pair.privateKeyPath} (keep it secret)\n  public:  ${pair.publicKeyPath} (give it to the sites that import your bundles)`,
      )
    })
  return keys
}
