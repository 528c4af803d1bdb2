import { afterEach, describe, expect, it } from 'vitest'
import type { Transport } from '../../../../shared/contract'
import type { Services } from '../../../../main/core/runtime/services'
import { newSite } from '../../../support/services'
import { siteEngines } from '../../../support/site-engines'

describe.each(siteEngines())('packages, programs and advertisements on $kind', (engine) => {
  let services: Services | undefined
  afterEach(async () => {
    await services?.close()
    services = undefined
  })

  async function site(label: string): Promise<Transport> {
    const s = await newSite(engine.freshLocation(label))
    services = s.services
    return s.api
  }

  async function packageWithProgram(api: Transport) {
    const pkg = await api.invoke('packages:create', {
      name: 'OpenSSL security update',
      version: '3.0.15',
      manufacturer: 'Debian',
      language: 'English',
      sourcePath: '/srv/patchbay/openssl',
      sendingPriority: 'high',
    })
    await api.invoke('programs:create', {
      packageId: pkg.id,
      name: 'Install',
      commandLine: 'apt-get install -y openssl=3.0.15-1~deb12u1',
      afterRunning: 'patchbay-restarts',
    })
    const target = await api.invoke('collections:create', { name: 'Pilot servers' })
    return { pkg, target }
  }

  it('creates a package with programs and advertises one to a collection', async () => {
    const api = await site('adv')
    const { pkg, target } = await packageWithProgram(api)
    const got = await api.invoke('packages:get', { id: pkg.id })
    expect(got).toMatchObject({
      name: 'OpenSSL security update',
      sendingPriority: 'high',
      sourcePath: '/srv/patchbay/openssl',
    })
    expect(got.programs).toEqual([
      expect.objectContaining({
        name: 'Install',
        runMode: 'administrative',
        runWindow: 'hidden',
        afterRunning: 'patchbay-restarts',
      }),
    ])
    const ad = await api.invoke('advertisements:create', {
      name: 'OpenSSL to pilot',
      packageId: pkg.id,
      programName: 'Install',
      collectionId: target.id,
      availableAt: '2026-12-01T08:00:00Z',
      expiresAt: '2026-12-31T08:00:00Z',
      mandatory: true,
      assignments: [{ startAt: '2026-12-08T22:00:00Z', recurEvery: 1, recurUnit: 'weeks' }],
      rerun: 'if-failed',
    })
    expect(ad).toMatchObject({
      packageName: 'OpenSSL security update',
      collectionName: 'Pilot servers',
      mandatory: true,
      rerun: 'if-failed',
    })
    expect(ad.id).toMatch(/^LAB[0-9A-F]{5}$/)
    expect(await api.invoke('advertisements:list', {})).toHaveLength(1)
    const changed = await api.invoke('advertisements:update', { id: ad.id, rerun: 'always' })
    expect(changed).toMatchObject({ rerun: 'always', mandatory: true })
  })

  it('refuses advertisements whose times, program or assignment are wrong, naming the field', async () => {
    const api = await site('adv-bad')
    const { pkg, target } = await packageWithProgram(api)
    const base = {
      name: 'x',
      packageId: pkg.id,
      programName: 'Install',
      collectionId: target.id,
      availableAt: '2026-12-01T08:00:00Z',
    }
    await expect(
      api.invoke('advertisements:create', { ...base, expiresAt: '2026-11-01T08:00:00Z' }),
    ).rejects.toMatchObject({
      field: 'expiresAt',
      message: 'The expiry time must be later than the time the advertisement becomes available',
    })
    await expect(
      api.invoke('advertisements:create', { ...base, programName: 'Uninstall' }),
    ).rejects.toMatchObject({ field: 'programName' })
    await expect(api.invoke('advertisements:create', { ...base, mandatory: true })).rejects.toMatchObject({
      field: 'assignments',
    })
    await expect(
      api.invoke('advertisements:create', {
        ...base,
        mandatory: true,
        assignments: [{ startAt: '2026-11-30T00:00:00Z' }],
      }),
    ).rejects.toMatchObject({ field: 'assignments.0.startAt' })
    await expect(
      api.invoke('advertisements:create', { ...base, availableAt: 'next tuesday' }),
    ).rejects.toMatchObject({
      code: 'invalid-input',
      field: 'availableAt',
    })
    expect(await api.invoke('advertisements:list', {})).toHaveLength(0)
  })

  it('protects advertised packages and programs from deletion and keeps names unique', async () => {
    const api = await site('protect')
    const { pkg, target } = await packageWithProgram(api)
    await api.invoke('advertisements:create', {
      name: 'ad',
      packageId: pkg.id,
      programName: 'Install',
      collectionId: target.id,
      availableAt: '2026-12-01T08:00:00Z',
    })
    await expect(api.invoke('packages:delete', { id: pkg.id })).rejects.toThrow(
      /advertised by LAB[0-9A-F]{5} "ad"/,
    )
    await expect(
      api.invoke('programs:delete', { packageId: pkg.id, programName: 'Install' }),
    ).rejects.toMatchObject({ code: 'conflict' })
    await expect(api.invoke('collections:delete', { id: target.id })).rejects.toThrow(
      /target of advertisement/,
    )
    await expect(
      api.invoke('programs:create', { packageId: pkg.id, name: 'install', commandLine: 'true' }),
    ).resolves.toMatchObject({ name: 'install' })
    await expect(
      api.invoke('programs:create', { packageId: pkg.id, name: 'Install', commandLine: 'true' }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'name' })
    await expect(
      api.invoke('packages:create', { name: 'openssl security update', version: '3.0.15' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    })
    await expect(
      api.invoke('packages:create', { name: 'OpenSSL security update', version: '3.0.16' }),
    ).resolves.toBeTruthy()
  })

  it('validates package and program fields', async () => {
    const api = await site('fields')
    await expect(
      api.invoke('packages:create', { name: 'p', sourcePath: 'relative/dir' }),
    ).rejects.toMatchObject({ field: 'sourcePath' })
    const pkg = await api.invoke('packages:create', { name: 'p', sourcePath: 'C:\\Sources\\p' })
    await expect(
      api.invoke('programs:create', { packageId: pkg.id, name: 'Install', commandLine: '   ' }),
    ).rejects.toMatchObject({
      field: 'commandLine',
    })
    await expect(
      api.invoke('programs:create', {
        packageId: pkg.id,
        name: 'Install',
        commandLine: 'x',
        maxRunMinutes: 0,
      }),
    ).rejects.toMatchObject({ field: 'maxRunMinutes' })
  })

  it('records what it did as status messages, newest first', async () => {
    const api = await site('status')
    await packageWithProgram(api)
    const messages = await api.invoke('status:list', { limit: 3 })
    expect(messages.map((m) => m.component)).toEqual([
      'Collection Evaluator',
      'Distribution Manager',
      'Distribution Manager',
    ])
    expect(messages[1]!.message).toMatch(
      /Program "Install" added to package LAB[0-9A-F]{5} "OpenSSL security update"/,
    )
  })
})
