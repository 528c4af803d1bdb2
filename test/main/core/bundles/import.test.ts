import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBundle } from '../../../../main/clients/bundle'
import type { Services } from '../../../../main/core/runtime/services'
import type { Transport } from '../../../../shared/contract'
import {
  makeFiles,
  newKeyPair,
  readEntries,
  sampleManifest,
  tempDir,
  writeEntries,
  type CraftedEntry,
  type TarEntry,
} from '../../clients/bundle/helpers'
import { newSite } from '../../../support/services'
import { siteEngines } from '../../../support/site-engines'

const key = newKeyPair()
const otherKey = newKeyPair()

describe.each(siteEngines())('bundle import on $kind: every refusal writes nothing', (engine) => {
  let dir: string
  let good: string
  let untrusted: string
  let entries: TarEntry[]
  let pub: string
  let services: Services
  let api: Transport
  let root: string

  beforeAll(async () => {
    dir = tempDir('pb-import-')
    const files = makeFiles(dir, { 'openssl_3.0.15-1~deb12u1_amd64.deb': 2000, 'b.msu': 3000 })
    good = join(dir, 'good.bundle')
    await buildBundle({ out: good, manifest: sampleManifest(), files, signingKey: key.privateKey })
    untrusted = join(dir, 'untrusted.bundle')
    await buildBundle({ out: untrusted, manifest: sampleManifest(), files, signingKey: otherKey.privateKey })
    entries = await readEntries(good)
    pub = join(dir, 'trusted.pub')
    writeFileSync(pub, key.publicKey.export({ format: 'pem', type: 'spki' }))
    ;({ services, api } = await newSite(engine.freshLocation('import')))
    root = join(dir, 'packages')
  })
  afterAll(() => services?.close())

  const named = (name: string): TarEntry => {
    const e = entries.find((x) => x.header.name === name)!
    return { header: { ...e.header }, data: Buffer.from(e.data) }
  }
  const file = (name: string, data: Buffer): CraftedEntry => ({
    header: { ...named('files/b.msu').header, name, size: data.length },
    data,
  })

  let n = 0
  const refused = async (crafted: CraftedEntry[] | string, expected: RegExp) => {
    let bundle = typeof crafted === 'string' ? crafted : join(dir, `case-${++n}.bundle`)
    if (typeof crafted !== 'string') await writeEntries(bundle, crafted)
    const task = await api.invoke('bundles:import', { file: bundle, trustedKeys: [pub], sourceRoot: root })
    const done = await services.waitTask(task.taskId)
    expect(done.state).toBe('failed')
    expect(done.error).toMatch(/^The bundle was refused; nothing was imported/)
    expect(done.error).toMatch(expected)
    expect(await api.invoke('packages:list', {})).toEqual([])
    expect(existsSync(root) ? readdirSync(root) : []).toEqual([])
    bundle = ''
  }

  const payload = () => entries.slice(2)

  it('refuses a missing signature', () => refused([entries[0]!, ...payload()], /manifest\.sig is missing/))
  it('refuses a bad signature (manifest changed after signing)', () => {
    const m = named('manifest.json')
    m.data = Buffer.from(m.data.toString().replace('Offline updates', 'Offline updatez'))
    return refused([m, named('manifest.sig'), ...payload()], /manifest was changed after signing/)
  })
  it('refuses a bundle signed by an untrusted key', () => refused(untrusted, /not a trusted key/))
  it('refuses a changed file', () => {
    const f = named('files/b.msu')
    f.data[10] = f.data[10]! ^ 0xff
    return refused(
      [...entries.slice(0, 2), named(entries[2]!.header.name), f],
      /b\.msu does not match its SHA-256 in the manifest/,
    )
  })
  it('refuses a missing file', () =>
    refused(
      entries.filter((e) => e.header.name !== 'files/b.msu'),
      /b\.msu is listed in the manifest but not in the bundle/,
    ))
  it('refuses an extra file', () =>
    refused(
      [...entries, file('files/extra.sh', Buffer.from('x'))],
      /extra\.sh is in the bundle but not in the manifest/,
    ))
  it.each(['files/../../escape', '/etc/cron.d/evil'])('refuses the escaping path %s', (name) =>
    refused([...entries, file(name, Buffer.from('owned'))], /climbs out|absolute path/),
  )
  it('refuses a symlink and a device file', () =>
    refused(
      [
        ...entries,
        { header: { name: 'files/link', type: 'symlink', linkname: '/etc/shadow' } },
        { header: { name: 'files/null', type: 'character-device', devmajor: 1, devminor: 3 } },
      ],
      /files\/link is a symbolic link[\s\S]*files\/null is a character-device/,
    ))
  it('refuses duplicate names', () =>
    refused([...entries, named('files/b.msu')], /b\.msu appears more than once/))
  it('refuses an entry larger than declared', () => {
    const f = named('files/b.msu')
    const big = Buffer.concat([f.data, Buffer.alloc(100)])
    return refused(
      [...entries.slice(0, 3), { header: { ...f.header, size: big.length }, data: big }],
      /b\.msu is 3100 bytes in the tar but 3000 in the manifest/,
    )
  })

  it('imports the untouched bundle, and refuses it a second time as a duplicate package', async () => {
    const done = await services.waitTask(
      (await api.invoke('bundles:import', { file: good, trustedKeys: [pub], sourceRoot: root })).taskId,
    )
    expect(done).toMatchObject({ state: 'succeeded', error: '' })
    expect(readdirSync(join(root, done.result)).sort()).toEqual([
      'b.msu',
      'openssl_3.0.15-1~deb12u1_amd64.deb',
    ])
    const again = await services.waitTask(
      (await api.invoke('bundles:import', { file: good, trustedKeys: [pub], sourceRoot: root })).taskId,
    )
    expect(again.error).toMatch(/already exists; nothing was imported/)
    expect(readdirSync(root)).toEqual([done.result])
    mkdirSync(join(dir, 'unused'), { recursive: true })
  })

  it('refuses a trusted key file that is not a public key before starting', async () => {
    await expect(
      api.invoke('bundles:import', { file: good, trustedKeys: [join(dir, 'good.bundle')], sourceRoot: root }),
    ).rejects.toThrow(/Trusted key .*good\.bundle/)
  })
})
