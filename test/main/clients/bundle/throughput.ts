// Throughput of bundle build/verify against the shell baseline (sha256sum + tar) on the same files.
// Used by the bundle tests (200 MB, printed, not asserted) and reusable by the bench (1 GB).
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { KeyObject } from 'node:crypto'
import { buildBundle, verifyBundle, type BundleSourceFile } from '../../../../main/clients/bundle'
import { sampleManifest } from './helpers'

/** MB/s of each step, and the ratio of ours to the baseline (≥ 0.8 is the target). */
export interface BundleThroughput {
  payloadMB: number
  files: number
  buildMBps: number
  baselineBuildMBps: number
  verifyMBps: number
  baselineVerifyMBps: number
  verifyExtractMBps: number
  baselineExtractMBps: number
  buildRatio: number
  verifyRatio: number
  extractRatio: number
}

/** Write `count` files totalling about `totalBytes` of incompressible data under `dir`. */
export function writePayload(dir: string, totalBytes: number, count: number): BundleSourceFile[] {
  mkdirSync(join(dir, 'payload'), { recursive: true })
  const chunk = randomBytes(1 << 20)
  const each = Math.floor(totalBytes / count)
  return Array.from({ length: count }, (_, i) => {
    const source = join(dir, 'payload', `update-${i}.deb`)
    const fd = openSync(source, 'w')
    for (let at = 0; at < each; at += chunk.length) {
      chunk.writeUInt32LE(i, 0)
      chunk.writeUInt32LE(at, 4)
      writeSync(fd, chunk, 0, Math.min(chunk.length, each - at))
    }
    closeSync(fd)
    return { path: `payload/update-${i}.deb`, source }
  })
}

/** Build and verify a bundle of `files`, and run the shell baseline on the same files (page cache warm for both). */
export async function measureBundleThroughput(
  dir: string,
  files: BundleSourceFile[],
  keys: { privateKey: KeyObject; publicKey: KeyObject },
): Promise<BundleThroughput> {
  const out = join(dir, 'bench.tar')
  const shellTar = join(dir, 'shell.tar')
  const sources = files.map((f) => f.source)
  const time = async (fn: () => unknown) => {
    const start = performance.now()
    await fn()
    return (performance.now() - start) / 1000
  }
  const sh = (cmd: string, args: string[]) =>
    execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] })
  sh('cat', sources) // warm the page cache for both sides

  const baselineBuild = await time(() => {
    sh('sha256sum', sources)
    sh('tar', ['-cf', shellTar, '-C', dir, ...files.map((f) => f.source.slice(dir.length + 1))])
  })
  const build = await time(() =>
    buildBundle({ out, manifest: sampleManifest(), files, signingKey: keys.privateKey }),
  )
  const baselineVerify = await time(() => sh('sh', ['-c', `tar -xOf '${out}' | sha256sum`]))
  const verify = await time(async () => {
    const r = await verifyBundle(out, { trustedKeys: [keys.publicKey] })
    if (!r.ok) throw new Error(JSON.stringify(r.problems))
  })
  const shellOut = join(dir, 'shell-extract')
  mkdirSync(shellOut)
  const baselineExtract = await time(() => {
    sh('tar', ['-xf', out, '-C', shellOut])
    sh('sh', ['-c', `cd '${shellOut}' && find files -type f -exec sha256sum {} +`])
  })
  const target = join(dir, 'extract')
  const verifyExtract = await time(async () => {
    const r = await verifyBundle(out, { trustedKeys: [keys.publicKey], extractTo: target })
    if (!r.ok) throw new Error(JSON.stringify(r.problems))
  })
  for (const p of [out, shellTar, shellOut, target]) rmSync(p, { recursive: true, force: true })

  const payloadMB = files.reduce((sum, f) => sum + statSync(f.source).size, 0) / 1e6
  const rate = (seconds: number) => Math.round(payloadMB / seconds)
  const r: BundleThroughput = {
    payloadMB: Math.round(payloadMB),
    files: files.length,
    buildMBps: rate(build),
    baselineBuildMBps: rate(baselineBuild),
    verifyMBps: rate(verify),
    baselineVerifyMBps: rate(baselineVerify),
    verifyExtractMBps: rate(verifyExtract),
    baselineExtractMBps: rate(baselineExtract),
    buildRatio: 0,
    verifyRatio: 0,
    extractRatio: 0,
  }
  r.buildRatio = +(baselineBuild / build).toFixed(2)
  r.verifyRatio = +(baselineVerify / verify).toFixed(2)
  r.extractRatio = +(baselineExtract / verifyExtract).toFixed(2)
  return r
}
