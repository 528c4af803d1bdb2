import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restartServicesCommand } from '../../../../main/clients/platforms/restart-services'
import type { Services } from '../../../../main/core/runtime/services'
import { withMachineAptState } from '../../../support/local-apt-repo'
import { peerMissing } from '../../../support/peers'
import { startRootSshd, type RootSshd } from '../../../support/root-sshd'
import { siteEngines } from '../../../support/site-engines'
import { newSite } from '../../../support/services'
import { sshdSkipReason } from '../../../support/sshd'

const NEEDRESTART = '/usr/sbin/needrestart'

/** Why Debian's needrestart cannot be the real peer here, or null; under CI=true a missing part throws. */
function needrestartSkipReason(): string | null {
  let reason: string | null = null
  if (process.platform !== 'linux') reason = 'needs a Debian-like Linux'
  else if (process.getuid?.() !== 0) reason = 'the service under test is started as root'
  else if (!existsSync(NEEDRESTART))
    reason = 'needrestart is not installed (.ci/install-test-deps.sh installs it)'
  return peerMissing('needrestart', reason)
}

const skip = sshdSkipReason() ?? needrestartSkipReason()

/** The shared library the throwaway service preloads: any real one (zlib) copied, so the test can replace it. */
const SOURCE_LIB = [
  '/lib/x86_64-linux-gnu/libz.so.1',
  '/usr/lib/x86_64-linux-gnu/libz.so.1',
  '/lib/aarch64-linux-gnu/libz.so.1',
].find((p) => existsSync(p))

/**
 * The real peer: this machine (no systemd here: needrestart maps an outdated process to the SysV init script named
 * like its binary, through its 90-none hook), reached as root through a private sshd. A throwaway service — a copy
 * of sleep with a copied zlib preloaded, under /opt, started by its own /etc/init.d script — keeps running while
 * its library file is replaced, as an upgrade replaces it. needrestart -b then lists it as NEEDRESTART-SVC, the scan records it, Patchbay's restart
 * command restarts it through its init script, and the next scan no longer lists it.
 */
describe.skipIf(skip !== null)(
  'services on outdated libraries, from Debian needrestart on this machine',
  () => {
    const name = `patchbay-nrtest-${process.pid}`
    const initScript = `/etc/init.d/${name}`
    let dir = ''
    let lib = ''
    let sshd: RootSshd | undefined
    const opened: Services[] = []

    const pid = () => Number(readFileSync(join(dir, 'pid'), 'utf8').trim())
    const init = (verb: string) => {
      const r = spawnSync('sh', [initScript, verb], { stdio: 'pipe', encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`${initScript} ${verb}: exit ${r.status}: ${r.stderr}`)
    }
    /** Replaces the library file as an upgrade does: a new file renamed over the old one (the old inode lives on). */
    const upgradeLibrary = () => {
      copyFileSync(SOURCE_LIB!, `${lib}.new`)
      renameSync(`${lib}.new`, lib)
    }
    const mapsDeleted = () => readFileSync(`/proc/${pid()}/maps`, 'utf8').includes(`${lib} (deleted)`)

    beforeAll(async () => {
      if (!SOURCE_LIB) throw new Error('no libz.so.1 to copy on this machine')
      // Not under /tmp, /var/tmp or /run: needrestart's default blacklist_mappings ignores mappings there.
      dir = mkdtempSync('/opt/patchbay-nrtest-')
      lib = join(dir, 'libpatchbay-nrtest.so.1')
      const bin = join(dir, name)
      copyFileSync('/bin/sleep', bin)
      copyFileSync(SOURCE_LIB, lib)
      writeFileSync(
        initScript,
        [
          '#!/bin/sh',
          '# A throwaway service of a Patchbay test (test/main/core/client-jobs/needrestart-peer.test.ts); removed when it ends.',
          'case "$1" in',
          `  start) LD_PRELOAD='${lib}' setsid '${bin}' 3600 </dev/null >/dev/null 2>&1 & echo $! >'${dir}/pid' ;;`,
          `  stop) if [ -f '${dir}/pid' ]; then kill "$(cat '${dir}/pid')" 2>/dev/null; rm -f '${dir}/pid'; fi ;;`,
          '  restart) "$0" stop; "$0" start ;;',
          '  *) echo "usage: $0 start|stop|restart" >&2; exit 2 ;;',
          'esac',
          '',
        ].join('\n'),
        { mode: 0o755 },
      )
      init('start')
      sshd = await startRootSshd()
    }, 120_000)

    afterAll(async () => {
      for (const s of opened) await s.close().catch(() => {})
      await sshd?.stop()
      if (existsSync(initScript)) {
        spawnSync('sh', [initScript, 'stop'], { stdio: 'ignore' })
        rmSync(initScript, { force: true })
      }
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    for (const engine of siteEngines()) {
      it(`the scan lists the service whose library was replaced; Patchbay's restart command restarts it (${engine.kind})`, async () => {
        const { services, api } = await newSite(engine.freshLocation('needrestart'), 'LAB')
        opened.push(services)
        const host = await api.invoke('resources:create', {
          name: 'this-machine',
          address: '127.0.0.1',
          port: sshd!.port,
          user: 'root',
          authMethod: 'key',
          identityFile: sshd!.identityFile,
        })
        const targets = { resourceIds: [host.id] }
        const scan = async () => {
          const job = await services.wait((await api.invoke('clients:scan', { targets, force: true })).id)
          expect(job.hosts[0]!.state, job.hosts[0]!.message).toBe('succeeded')
          return { job, client: (await api.invoke('resources:list', {})).find((r) => r.id === host.id)! }
        }
        await services.wait((await api.invoke('clients:connect', { targets, trustNewHostKeys: true })).id)

        // No apt or dpkg run may come in between: needrestart's apt hook would restart the service itself.
        await withMachineAptState(async () => {
          init('restart') // a fresh service with the current library
          const fresh = await scan()
          expect(fresh.client.servicesNote).toBe('')
          expect(fresh.client.servicesToRestart).not.toContain(name)

          upgradeLibrary()
          expect(mapsDeleted()).toBe(true)
          const outdated = await scan()
          expect(outdated.client.servicesToRestart).toContain(name)
          expect(outdated.job.hosts[0]!.message).toMatch(new RegExp(`service\\(s\\) to restart: .*${name}`))
          const before = pid()

          const restart = await services.wait(
            (await api.invoke('clients:exec', { targets, command: restartServicesCommand([name]) })).id,
          )
          expect(restart.hosts[0]!.state, restart.hosts[0]!.stderr).toBe('succeeded')
          expect(pid()).not.toBe(before)
          expect(mapsDeleted()).toBe(false)
          const after = await scan()
          expect(after.client.servicesToRestart).not.toContain(name)
        })
      }, 180_000)
    }
  },
)
