import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { windowsHashCommand } from '../../../../main/core/deployments/content'
import { peerMissing } from '../../../support/peers'

const PWSH = [join(homedir(), '.dotnet/tools/pwsh'), '/usr/bin/pwsh'].find((p) => existsSync(p))
const skip = peerMissing(
  'pwsh',
  PWSH ? null : 'PowerShell 7 not installed (.ci/install-test-deps.sh installs it)',
)

describe.skipIf(skip !== null)(
  'the content hash check on a Windows client (real pwsh runs the command line)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-hash-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it("hashes files whose names carry quotes and expansions, running nothing else (x'$(touch PWNED)'.cab)", () => {
      const names = [`x'$(touch PWNED)'.cab`, 'kb‘$(touch PWNED)’.msu', 'a;touch PWNED;b.cab', 'plain.cab']
      for (const name of names) {
        const data = Buffer.from(`content of ${name}`)
        writeFileSync(join(dir, name), data)
        const line = windowsHashCommand(join(dir, name))
        const encoded = /-EncodedCommand ([A-Za-z0-9+/=]+)$/.exec(line)![1]!
        const r = spawnSync(PWSH!, ['-NoProfile', '-NonInteractive', '-EncodedCommand', encoded], {
          encoding: 'utf8',
          cwd: dir,
        })
        expect(r.stderr, name).toBe('')
        expect(r.stdout.trim().toLowerCase(), name).toBe(createHash('sha256').update(data).digest('hex'))
      }
      expect(existsSync(join(dir, 'PWNED'))).toBe(false)
    }, 60_000)
  },
)
