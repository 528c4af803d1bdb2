import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CollectionDto } from '../../../shared/dto/collection'
import type { ResourceDto } from '../../../shared/dto/resource'
import { ensureCliBuilt, lines, makeSiteDir, runCli, runJson } from './cli-harness'

describe('patchbay client import', () => {
  const tmp = makeSiteDir()
  const site = ['--site', tmp.site]
  const file = (name: string, text: string) => {
    const path = join(tmp.dir, name)
    writeFileSync(path, text)
    return path
  }
  const clients = () => runJson<ResourceDto[]>(['client', 'list', ...site], tmp.env)
  const collections = () => runJson<CollectionDto[]>(['collection', 'list', ...site], tmp.env)

  beforeAll(async () => {
    await ensureCliBuilt()
    await runJson(['site', 'init', '--code', 'IMP', '--name', 'Import', ...site], tmp.env)
    writeFileSync(join(tmp.dir, 'ops_key'), 'not really a key\n', { mode: 0o600 })
  })
  afterAll(() => tmp.cleanup())

  it('imports a CSV: every client created, --collection created with them as members', async () => {
    const csv = file(
      'hosts.csv',
      [
        'name,address,port,user,identity,platform',
        'web-01,127.0.0.21,2201,ops,ops_key,debian',
        'web-02,127.0.0.22,,ops,,',
        'db-01,127.0.0.23,22,dba,,rhel',
        '',
      ].join('\n'),
    )
    const run = await runCli(
      ['client', 'import', csv, '--format', 'csv', '--collection', 'Imported', ...site],
      tmp.env,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Imported .*hosts\.csv: 3 clients added, 0 skipped\.$/m)
    expect(run.stdout).toMatch(/^Collection IMP[0-9A-F]{5} "Imported" \(new\): 3 clients added\.$/m)

    const all = await clients()
    expect(all.map((c) => c.name).sort()).toEqual(['db-01', 'web-01', 'web-02'])
    expect(all.find((c) => c.name === 'web-01')).toMatchObject({
      address: '127.0.0.21',
      port: 2201,
      user: 'ops',
      platform: 'debian',
      authMethod: 'key',
      identityFile: join(tmp.dir, 'ops_key'),
    })
    expect(all.find((c) => c.name === 'web-02')).toMatchObject({
      port: 22,
      platform: 'unknown',
      authMethod: 'auto',
    })
    expect((await collections()).find((c) => c.name === 'Imported')?.memberCount).toBe(3)

    // Importing the same file again skips the clients that exist, saying so.
    const again = await runJson<{ added: unknown[]; skipped: { name: string }[] }>(
      ['client', 'import', csv, '--format', 'csv', ...site],
      tmp.env,
    )
    expect(again.added).toHaveLength(0)
    expect(again.skipped.map((s) => s.name).sort()).toEqual(['db-01', 'web-01', 'web-02'])
  })

  it('imports an Ansible INI inventory: groups become collections with the hosts as direct members', async () => {
    const ini = file(
      'inventory.ini',
      [
        '[web]',
        'app-01 ansible_host=127.0.0.31 ansible_port=2222',
        'app-02 ansible_host=127.0.0.32',
        '',
        '[db]',
        'sql-01 ansible_host=127.0.0.33 ansible_user=postgres',
        '',
        '[prod:children]',
        'web',
        'db',
        '',
        '[all:vars]',
        'ansible_user=deploy',
        '',
      ].join('\n'),
    )
    const result = await runJson<{
      added: ResourceDto[]
      collections: { name: string; created: boolean; added: number }[]
    }>(['client', 'import', ini, '--format', 'ansible', ...site], tmp.env)
    expect(result.added.map((r) => r.name).sort()).toEqual(['app-01', 'app-02', 'sql-01'])
    expect(result.added.find((r) => r.name === 'sql-01')).toMatchObject({
      address: '127.0.0.33',
      user: 'postgres',
    })
    expect(result.added.find((r) => r.name === 'app-01')).toMatchObject({ port: 2222, user: 'deploy' })
    const byName = new Map((await collections()).map((c) => [c.name, c]))
    expect(byName.get('web')?.memberCount).toBe(2)
    expect(byName.get('db')?.memberCount).toBe(1)
    expect(byName.get('prod')?.memberCount).toBe(3)
  })

  it('creates nothing from a malformed CSV and names the file and line', async () => {
    const before = { clients: (await clients()).length, collections: (await collections()).length }
    const bad = file('bad.csv', 'name,address,port\nok-01,127.0.0.41,22\nbroken,127.0.0.42\n')
    const run = await runCli(
      ['client', 'import', bad, '--format', 'csv', '--collection', 'Never', ...site],
      tmp.env,
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(lines(run.stderr)).toHaveLength(1)
    expect(run.stderr).toMatch(
      /^patchbay: .*bad\.csv line 3: 2 fields, but the header has 3; nothing was imported\n$/,
    )
    expect((await clients()).length).toBe(before.clients)
    expect((await collections()).length).toBe(before.collections)
  })

  it('requires --format and a readable file', async () => {
    const noFormat = await runCli(['client', 'import', join(tmp.dir, 'hosts.csv'), ...site], tmp.env)
    expect(noFormat.code).toBe(2)
    expect(noFormat.stderr).toMatch(/^patchbay: required option '--format <format>' not specified\n$/)
    const missing = await runCli(
      ['client', 'import', join(tmp.dir, 'nope.csv'), '--format', 'csv', ...site],
      tmp.env,
    )
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^patchbay: cannot read .*nope\.csv: no such file\n$/)
  })
})
