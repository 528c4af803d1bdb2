import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { TEST_USER, ensureTestUser, startSshd, type TestSshd } from '../../../support/sshd'

/** A package source file written for a test, with what package_file records about it. */
export interface SourceFile {
  path: string
  size: number
  sha256: string
}

/** SHA-256 of a buffer, hex. */
export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Writes random files of the given sizes under a new source folder; returns the folder and their rows. */
export function writeSource(files: Array<{ path: string; size: number }>): {
  dir: string
  files: SourceFile[]
} {
  const dir = mkdtempSync(join(tmpdir(), 'pb-dp-src-'))
  return {
    dir,
    files: files.map((f) => {
      const data = randomBytes(f.size)
      mkdirSync(dirname(join(dir, f.path)), { recursive: true })
      writeFileSync(join(dir, f.path), data)
      return { path: f.path, size: f.size, sha256: sha256(data) }
    }),
  }
}

/** A folder the test sshd's user owns (a distribution point root on this machine); creates the user if missing. */
export function userOwnedDir(label: string): string {
  ensureTestUser()
  const dir = mkdtempSync(join(tmpdir(), `pb-dp-${label}-`))
  execFileSync('chown', [`${TEST_USER}:${TEST_USER}`, dir])
  return dir
}

/** A folder the test sshd's user cannot write to (owned by root, 0755). */
export function readOnlyDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pb-dp-${label}-`))
  chmodSync(dir, 0o755)
  return dir
}

/** A test sshd serving SFTP, as distribution points do (the shared test sshd offers internal-sftp). */
export function startSftpSshd(): Promise<TestSshd> {
  return startSshd()
}

/** Writes a file on the point as the test sshd's user would have left it (creating its folder). */
export function writeAsUser(path: string, data: Buffer): void {
  ensureTestUser()
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, data)
  execFileSync('chown', [`${TEST_USER}:${TEST_USER}`, path])
}
