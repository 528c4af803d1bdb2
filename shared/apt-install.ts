// The apt-get line that installs Debian packages from the files beside it, and only from them.
import { posixCommand } from './posix-quoting'

/**
 * apt options that make the given files the only candidates: with the client's sources in view, apt would
 * download the same version from a repository instead of installing the file it was given.
 */
export const FILES_ONLY_APT_OPTIONS = [
  '-o',
  'Dir::Etc::sourcelist=/dev/null',
  '-o',
  'Dir::Etc::sourceparts=-',
]

/** `apt-get install -y --allow-downgrades <files only> ./a.deb ./b.deb`, each file name quoted once. */
export function aptInstallFromFiles(debs: readonly string[]): string {
  return posixCommand([
    'apt-get',
    'install',
    '-y',
    '--allow-downgrades',
    ...FILES_ONLY_APT_OPTIONS,
    ...debs.map((d) => `./${d}`),
  ])
}
