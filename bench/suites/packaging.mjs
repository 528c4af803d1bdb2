// Suite 5: packaging. Build and verify a signed offline bundle with Patchbay's bundle library (buildBundle /
// verifyBundle, through the bench driver in its own process) vs `sha256sum` + `tar` of the same files.
import { randomFillSync } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { median, runMeasured } from '../lib/measure.mjs'

/** File sizes (fractions of the total) like a software-update bundle: one big, a few medium, many small. */
function fileSizes(total) {
  const parts = [
    ...Array(1).fill(0.35),
    ...Array(3).fill(0.1),
    ...Array(10).fill(0.02),
    ...Array(100).fill(0.0015),
  ]
  return parts.map((f) => Math.floor(total * f))
}

/** Writes incompressible files of mixed sizes into `dir`; returns their count and total bytes. */
function generatePayload(dir, total) {
  mkdirSync(dir, { recursive: true })
  const chunk = Buffer.allocUnsafe(1 << 20)
  let bytes = 0
  const sizes = fileSizes(total)
  sizes.forEach((size, i) => {
    const fd = openSync(join(dir, `update-${String(i).padStart(3, '0')}.deb`), 'w')
    for (let left = size; left > 0; left -= chunk.length) {
      randomFillSync(chunk)
      writeSync(fd, chunk, 0, Math.min(left, chunk.length))
    }
    closeSync(fd)
    bytes += size
  })
  return { files: sizes.length, bytes }
}

async function must(cmd, args, what, opts = {}) {
  const r = await runMeasured(cmd, args, opts)
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr.slice(-2000)}`)
  return r
}

const json = (r) => JSON.parse(r.stdout.trim().split('\n').pop())

/**
 * Runs suite 5: `rounds` interleaved rounds (order alternating) of build then verify for each tool, on the same
 * payload of `totalBytes`, generated once into the run's temp dir and deleted at the end.
 *   Patchbay build:  buildBundle (one pass: read, SHA-256, tar write, Ed25519-signed manifest, fsync)
 *   Peer build:      sha256sum * > SHA256SUMS; tar -cf peer.tar SHA256SUMS payload; sync peer.tar
 *   Patchbay verify: verifyBundle with the trusted public key, extracting into a new folder
 *   Peer verify:     tar -xf peer.tar -C x; (cd x/payload && sha256sum -c --quiet ../SHA256SUMS)
 */
export async function runPackaging({ dir, driver, log, totalBytes, rounds }) {
  const root = join(dir, 'packaging')
  const payload = join(root, 'payload')
  const made = generatePayload(payload, totalBytes)
  log(`  payload: ${made.files} files, ${(made.bytes / 2 ** 20).toFixed(0)} MiB (generated, incompressible)`)
  try {
    const keys = json(
      await must(process.execPath, [driver, 'bundle-keys', '--dir', join(root, 'keys')], 'bundle-keys'),
    )
    // Both tools read the payload from the page cache: read it once before the first timed run.
    await must('sh', ['-c', `cat ${payload}/* > /dev/null`], 'cache warm-up')
    const runs = { patchbay: [], peer: [] }
    const bundle = join(root, 'bench.bundle')
    const peerTar = join(root, 'peer.tar')
    const tools = {
      async patchbay(round) {
        const out = join(root, `x-patchbay-${round}`)
        const b = await must(
          process.execPath,
          [driver, 'bundle-build', '--files', payload, '--out', bundle, '--key', keys.privateKeyPath],
          'Patchbay bundle build',
        )
        const v = await must(
          process.execPath,
          [driver, 'bundle-verify', '--file', bundle, '--pub', keys.publicKeyPath, '--extract-to', out],
          'Patchbay bundle verify',
        )
        const verdict = json(v)
        if (!verdict.ok)
          throw new Error(`Patchbay verify refused its own bundle: ${verdict.problems.join('; ')}`)
        rmSync(bundle, { force: true })
        rmSync(out, { recursive: true, force: true })
        return { buildMs: b.wallMs, verifyMs: v.wallMs, buildCpuMs: b.toolCpuMs, verifyCpuMs: v.toolCpuMs }
      },
      async peer(round) {
        const out = join(root, `x-peer-${round}`)
        const b = await must(
          'sh',
          [
            '-c',
            `cd ${payload} && sha256sum * > ../SHA256SUMS && cd .. && tar -cf ${peerTar} SHA256SUMS payload && sync ${peerTar}`,
          ],
          'sha256sum + tar -c',
        )
        const v = await must(
          'sh',
          [
            '-c',
            `mkdir ${out} && tar -xf ${peerTar} -C ${out} && cd ${out}/payload && sha256sum -c --quiet ../SHA256SUMS`,
          ],
          'tar -x + sha256sum -c',
        )
        const listed = readFileSync(join(root, 'SHA256SUMS'), 'utf8').trim().split('\n').length
        if (listed !== made.files) throw new Error(`SHA256SUMS lists ${listed} of ${made.files} files`)
        rmSync(peerTar, { force: true })
        rmSync(out, { recursive: true, force: true })
        return { buildMs: b.wallMs, verifyMs: v.wallMs, buildCpuMs: b.toolCpuMs, verifyCpuMs: v.toolCpuMs }
      },
    }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ['patchbay', 'peer'] : ['peer', 'patchbay']
      for (const tool of order) {
        const r = await tools[tool](round)
        runs[tool].push(r)
        log(
          `  round ${round + 1} ${tool.padEnd(8)} build ${(r.buildMs / 1000).toFixed(2)} s, verify+extract ${(r.verifyMs / 1000).toFixed(2)} s`,
        )
      }
    }
    const summarize = (list) => ({
      runs: list,
      buildMs: median(list.map((r) => r.buildMs)),
      verifyMs: median(list.map((r) => r.verifyMs)),
      totalMs: median(list.map((r) => r.buildMs + r.verifyMs)),
    })
    const result = {
      sizeBytes: totalBytes,
      files: made.files,
      bytes: made.bytes,
      rounds,
      patchbay: summarize(runs.patchbay),
      peer: summarize(runs.peer),
    }
    // Speed ratios: the peer's time ÷ Patchbay's (≥ 1 means Patchbay is faster).
    result.ratio = {
      total: result.peer.totalMs / result.patchbay.totalMs,
      build: result.peer.buildMs / result.patchbay.buildMs,
      verify: result.peer.verifyMs / result.patchbay.verifyMs,
    }
    log(
      `  median: Patchbay ${(result.patchbay.totalMs / 1000).toFixed(2)} s vs sha256sum + tar ${(result.peer.totalMs / 1000).toFixed(2)} s = ${result.ratio.total.toFixed(2)}×`,
    )
    return result
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
