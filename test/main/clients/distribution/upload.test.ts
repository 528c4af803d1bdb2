import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DistributionError,
  DpSession,
  remoteHashes,
  removeRemoteFolder,
  resolveRoot,
  uploadFile,
} from '../../../../main/clients/distribution'
import { MemoryHostKeyStore } from '../../../../main/clients/ssh/host-keys'
import { HostError } from '../../../../main/clients/ssh/types'
import { sshdSkipReason, type TestSshd } from '../../../support/sshd'
import { startRelay, targetFor, trustingStore } from '../ssh/fixtures'
import { readOnlyDir, sha256, startSftpSshd, userOwnedDir, writeAsUser, writeSource } from './helpers'

const skip = sshdSkipReason()

describe('distribution point paths', () => {
  it('puts ~/ and relative roots under the login home and keeps absolute ones', () => {
    expect(resolveRoot('~/patchbay-dp', '/home/dp')).toBe('/home/dp/patchbay-dp')
    expect(resolveRoot('packages', '/home/dp')).toBe('/home/dp/packages')
    expect(resolveRoot('/srv//dp', '/home/dp')).toBe('/srv/dp')
  })
})

describe.skipIf(skip)('uploads to a distribution point over SFTP (real sshd)', () => {
  let sshd: TestSshd
  let session: DpSession
  let root: string
  const src = writeSource([
    { path: 'files/big.bin', size: 6 * 1024 * 1024 + 123 },
    { path: 'files/small.deb', size: 4096 },
  ])
  const big = src.files[0]!
  const small = src.files[1]!

  beforeAll(async () => {
    sshd = await startSftpSshd()
    session = await DpSession.open(targetFor(sshd, { name: 'dp-01' }), { hostKeys: trustingStore(sshd) })
    root = userOwnedDir('client')
  })
  afterAll(async () => {
    session?.close()
    await sshd?.stop()
    if (root) rmSync(root, { recursive: true, force: true })
    rmSync(src.dir, { recursive: true, force: true })
  })

  it('refuses a point whose host key is not trusted, naming its fingerprint', async () => {
    const err = await DpSession.open(targetFor(sshd, { name: 'dp-01' }), {
      hostKeys: new MemoryHostKeyStore(),
    }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(HostError)
    expect((err as HostError).kind).toBe('host-key-unknown')
    expect((err as HostError).message).toContain(sshd.hostKeyFingerprint)
  })

  it('uploads a file, verifies it by sha256sum on the point and renames it into place', async () => {
    const remote = join(root, 'LAB00001', big.path)
    const seen: number[] = []
    const r = await uploadFile(session, join(src.dir, big.path), remote, big, {
      onBytes: (n) => seen.push(n),
    })
    expect(r).toEqual({ sent: big.size, resumedFrom: 0 })
    expect(sha256(readFileSync(remote))).toBe(big.sha256)
    expect(existsSync(`${remote}.partial`)).toBe(false)
    expect(seen.at(-1)).toBe(big.size)
    expect((await remoteHashes(session, [remote, join(root, 'missing')])).get(remote)).toBe(big.sha256)
  })

  it('resumes a partial upload from its size and sends only the rest', async () => {
    const remote = join(root, 'LAB00002', big.path)
    const kept = 2 * 1024 * 1024 + 7
    await uploadFile(session, join(src.dir, small.path), join(root, 'LAB00002', small.path), small)
    writeAsUser(`${remote}.partial`, readFileSync(join(src.dir, big.path)).subarray(0, kept))
    const r = await uploadFile(session, join(src.dir, big.path), remote, big)
    expect(r).toEqual({ sent: big.size - kept, resumedFrom: kept })
    expect(sha256(readFileSync(remote))).toBe(big.sha256)
  })

  it('starts over when the kept part of a resumed upload was not what we sent', async () => {
    const remote = join(root, 'LAB00003', big.path)
    await uploadFile(session, join(src.dir, small.path), join(root, 'LAB00003', small.path), small)
    writeAsUser(`${remote}.partial`, randomBytes(1024 * 1024))
    const r = await uploadFile(session, join(src.dir, big.path), remote, big)
    expect(r).toEqual({ sent: big.size - 1024 * 1024 + big.size, resumedFrom: 1024 * 1024 })
    expect(sha256(readFileSync(remote))).toBe(big.sha256)
  })

  it('fails as transient ("connection lost") when the connection drops mid-file, keeping the partial file', async () => {
    const relay = await startRelay(sshd.port)
    const dropped = await DpSession.open(targetFor(sshd, { port: relay.port }), {
      hostKeys: trustingStore(sshd, relay.port),
    })
    const remote = join(root, 'LAB00006', big.path)
    const err = await uploadFile(dropped, join(src.dir, big.path), remote, big, {
      onBytes: (n) => n > 1024 * 1024 && relay.dropAll(),
    }).then(
      () => null,
      (e: unknown) => e,
    )
    await relay.close()
    expect((err as DistributionError).message).toContain('connection lost during the transfer')
    expect((err as DistributionError).transient).toBe(true)
    const kept = statSync(`${remote}.partial`).size
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(big.size)
  })

  it('fails with "hash mismatch on arrival" when the file arrives different from the package record', async () => {
    const remote = join(root, 'LAB00004', small.path)
    const err = await uploadFile(session, join(src.dir, small.path), remote, {
      ...small,
      sha256: 'ab'.repeat(32),
    }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(DistributionError)
    expect((err as DistributionError).message).toMatch(/^hash mismatch on arrival: files\/small\.deb/)
    expect((err as DistributionError).transient).toBe(false)
    expect(existsSync(remote)).toBe(false)
  })

  it('fails with "permission denied" and the path when the point folder is not writable', async () => {
    const locked = readOnlyDir('locked')
    const err = await uploadFile(
      session,
      join(src.dir, small.path),
      join(locked, 'LAB00005', small.path),
      small,
    ).then(
      () => null,
      (e: unknown) => e,
    )
    expect((err as DistributionError).message).toBe(`permission denied: ${join(locked, 'LAB00005')}`)
    expect((err as DistributionError).transient).toBe(false)
    rmSync(locked, { recursive: true, force: true })
  })

  it('removes a package folder on the point and refuses anything not below the root', async () => {
    const folder = join(root, 'LAB00001')
    await removeRemoteFolder(session, root, folder)
    expect(existsSync(folder)).toBe(false)
    await expect(removeRemoteFolder(session, root, root)).rejects.toThrow(/not below/)
    expect(statSync(root).isDirectory()).toBe(true)
  })
})
