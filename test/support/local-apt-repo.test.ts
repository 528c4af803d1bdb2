import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { localAptRepoSkipReason, startLocalAptRepo, type LocalAptRepo } from './local-apt-repo'

const skip = localAptRepoSkipReason()

const listsOf = (port: string) =>
  readdirSync('/var/lib/apt/lists').filter(
    (f) => f.startsWith(`127.0.0.1:${port}_`) || f.startsWith(`127.0.0.1%3a${port}_`),
  )

describe.skipIf(skip !== null)('local apt repository with patchbay-testpkg 1.0 and 1.1', () => {
  let repo: LocalAptRepo | undefined
  // Cleans up even when a test fails half-way (close() is idempotent).
  afterAll(async () => {
    await repo?.close()
  })

  it('builds both versions with dpkg-deb and indexes them with dpkg-scanpackages', async () => {
    repo = await startLocalAptRepo()
    expect(repo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(repo.debs.map((d) => d.version)).toEqual(['1.0', '1.1'])
    for (const deb of repo.debs) {
      expect(createHash('sha256').update(readFileSync(deb.path)).digest('hex')).toBe(deb.sha256)
      const info = spawnSync('dpkg-deb', ['-f', deb.path, 'Package', 'Version'], { encoding: 'utf8' })
      expect(info.stdout).toBe(`Package: patchbay-testpkg\nVersion: ${deb.version}\n`)
      // The index names each .deb with its size and hash.
      const stanza = repo.packagesText.split('\n\n').find((s) => s.includes(`Version: ${deb.version}\n`))!
      expect(stanza).toContain(`Filename: ${deb.filename}`)
      expect(stanza).toContain(`Size: ${deb.size}`)
      expect(stanza).toContain(`SHA256: ${deb.sha256}`)
    }
    // The repository really serves its index and packages over HTTP.
    const served = await fetch(new URL('Packages', repo.url))
    expect(await served.text()).toBe(repo.packagesText)
    const deb = await fetch(new URL(repo.debs[1]!.filename, repo.url))
    expect(Buffer.from(await deb.arrayBuffer()).length).toBe(repo.debs[1]!.size)
    expect((await fetch(new URL('../../etc/passwd', repo.url))).status).toBe(404)
  }, 120_000) // may wait for another test file holding the machine-wide test package lock

  it('with 1.0 installed and the source added, apt sees 1.1 as the candidate; cleanup removes everything', async () => {
    const r = repo!
    const port = new URL(r.url).port
    const othersBefore = readdirSync('/var/lib/apt/lists').filter((f) => !listsOf(port).includes(f))
    try {
      await r.install('1.0')
      expect(await r.installedVersion()).toBe('1.0')
      expect(readFileSync('/usr/share/patchbay-testpkg/version', 'utf8')).toBe('1.0\n')
      await r.addSource()
      expect(readFileSync(r.sourcesFile, 'utf8')).toBe(`${r.sourcesLine}\n`)
      expect(r.requests.some((q) => q.status === 200 && /^\/(Release|InRelease|Packages)/.test(q.path))).toBe(
        true,
      )
      const policy = await r.policy()
      expect(policy).toMatch(/Installed: 1\.0\b/)
      expect(policy).toMatch(/Candidate: 1\.1\b/)
      expect(policy).toContain(`500 ${r.url.replace(/\/$/, '')} ./ Packages`)
      expect(listsOf(port).length).toBeGreaterThan(0)
      // The scoped update touched no other list.
      const othersAfter = readdirSync('/var/lib/apt/lists').filter((f) => !listsOf(port).includes(f))
      expect(othersAfter).toEqual(othersBefore)
    } finally {
      await r.close()
    }
    expect(await r.installedVersion()).toBeNull()
    expect(existsSync('/usr/share/patchbay-testpkg/version')).toBe(false)
    expect(existsSync(r.sourcesFile)).toBe(false)
    expect(listsOf(port)).toEqual([])
    const after = spawnSync('apt-cache', ['policy', 'patchbay-testpkg'], { encoding: 'utf8' })
    expect(after.stdout).not.toMatch(/Candidate: 1\.1/)
  }, 120_000)
})
