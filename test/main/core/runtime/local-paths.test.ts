import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPath, writePath } from '../../../../shared/channel'
import { PatchbayError } from '../../../../shared/errors'
import {
  confineLocalPaths,
  confinePath,
  type LocalPathPolicy,
} from '../../../../main/core/runtime/local-paths'

describe('confining local paths', () => {
  let dir: string
  let rw: string
  let ro: string
  let policy: LocalPathPolicy
  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'pb-local-paths-')))
    rw = join(dir, 'rw')
    ro = join(dir, 'ro')
    mkdirSync(rw)
    mkdirSync(ro)
    writeFileSync(join(ro, 'archive.gpg'), 'keyring')
    writeFileSync(join(dir, 'secret'), 'not yours')
    symlinkSync(join(dir, 'secret'), join(rw, 'to-secret'))
    symlinkSync(join(ro, 'archive.gpg'), join(rw, 'to-keyring'))
    policy = { roots: [rw], readOnlyRoots: [ro] }
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(PatchbayError)
    return err as PatchbayError
  }

  it('answers the absolute path it checked: `~` is the home folder, `..` is resolved', async () => {
    expect(await confinePath(policy, join(rw, 'a', '..', 'out.bundle'), 'write', 'Bundle file', 'out')).toBe(
      join(rw, 'out.bundle'),
    )
    expect(await confinePath(policy, '~/new/out.json', 'write', 'Snapshot file', 'out', rw)).toBe(
      join(rw, 'new', 'out.json'),
    )
    const err = await refusal(confinePath(policy, '~/../secret', 'read', 'Bundle file', 'file', rw))
    expect(err).toMatchObject({ code: 'forbidden', field: 'file' })
  })

  it('reads under read-only folders, writes only under writable ones, and says which is which', async () => {
    expect(await confinePath(policy, join(ro, 'archive.gpg'), 'read', 'Keyring', 'keyring')).toBe(
      join(ro, 'archive.gpg'),
    )
    expect(await confinePath(policy, join(rw, 'to-keyring'), 'read', 'Keyring', 'keyring')).toBe(
      join(rw, 'to-keyring'),
    )
    const write = await refusal(confinePath(policy, join(ro, 'out.bundle'), 'write', 'Bundle file', 'out'))
    expect(write.message).toBe(
      `Bundle file: ${join(ro, 'out.bundle')} is outside the folders this console may write to (${rw}); ` +
        'start the console with --allow-folder <dir> to add one',
    )
    const read = await refusal(
      confinePath(policy, join(rw, 'to-secret'), 'read', 'Signing key', 'signingKey'),
    )
    expect(read.message).toBe(
      `Signing key: ${join(rw, 'to-secret')} leads to ${join(dir, 'secret')}, outside the folders this console ` +
        `may use (${rw}, ${ro} read only); start the console with --allow-folder <dir> to add one`,
    )
    expect(read.field).toBe('signingKey')
  })

  it('judges a folder that does not exist yet where it would be made', async () => {
    const later: LocalPathPolicy = { roots: [join(dir, 'later')] }
    expect(await confinePath(later, join(dir, 'later', 'k'), 'write', 'Key folder', 'dir')).toBe(
      join(dir, 'later', 'k'),
    )
    expect(
      await refusal(confinePath(later, join(dir, 'laterx'), 'write', 'Key folder', 'dir')),
    ).toMatchObject({
      code: 'forbidden',
    })
  })

  it('refuses relative paths and NUL characters rather than guessing', async () => {
    expect(await refusal(confinePath(policy, 'out.bundle', 'write', 'Bundle file', 'out'))).toMatchObject({
      code: 'invalid-input',
      field: 'out',
    })
    expect(await refusal(confinePath(policy, `${rw}/a\0b`, 'write', 'Bundle file', 'out'))).toMatchObject({
      code: 'invalid-input',
    })
  })

  it('checks nested fields and every element of a list, leaves empty strings (none) alone', async () => {
    const input = {
      sourcePath: join(rw, 'pkg', '.', 'src'),
      settings: { releaseNotes: '' },
      trustedKeys: [join(ro, 'archive.gpg'), join(rw, 'x.pub')],
      name: '/etc/passwd',
    }
    const paths = {
      sourcePath: writePath('Package source folder'),
      'settings.releaseNotes': readPath('Release notes file'),
      trustedKeys: readPath('Trusted public key'),
    }
    expect(await confineLocalPaths(policy, paths, input)).toEqual({
      ...input,
      sourcePath: join(rw, 'pkg', 'src'),
    })
    const nested = await refusal(
      confineLocalPaths(policy, paths, { ...input, settings: { releaseNotes: '/etc/motd' } }),
    )
    expect(nested).toMatchObject({ code: 'forbidden', field: 'settings.releaseNotes' })
    expect(nested.message).toMatch(/^Release notes file: \/etc\/motd is outside/)
    const listed = await refusal(
      confineLocalPaths(policy, paths, { ...input, trustedKeys: [join(rw, 'a.pub'), '/etc/ssl/x.pub'] }),
    )
    expect(listed).toMatchObject({ code: 'forbidden', field: 'trustedKeys.1' })
  })
})
