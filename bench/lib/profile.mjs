// Summarizes a V8 .cpuprofile (node --cpu-prof): self time per function and per package, top first.
import { readFileSync } from 'node:fs'

function where(frame) {
  const url = frame.url || ''
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (m) return m[1]
  if (url.startsWith('node:')) return 'node core'
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : 'native'
  if (url.includes('/bench/')) return 'patchbay (bundled main/)'
  if (/\/assets\/[^/]+\.js/.test(url)) return `renderer bundle ${url.split('/').pop().split('?')[0]}`
  return url.replace(/^file:\/\//, '')
}

/** Top self-time frames and packages of a profile. */
export function summarizeProfile(file, top = 15) {
  const prof = JSON.parse(readFileSync(file, 'utf8'))
  const byId = new Map(prof.nodes.map((n) => [n.id, n]))
  const self = new Map()
  const total = prof.timeDeltas.reduce((a, b) => a + b, 0) / 1000
  for (let i = 0; i < prof.samples.length; i++) {
    const n = byId.get(prof.samples[i])
    const dt = (prof.timeDeltas[i] ?? 0) / 1000
    self.set(n, (self.get(n) ?? 0) + dt)
  }
  const frames = new Map()
  const packages = new Map()
  for (const [n, ms] of self) {
    const f = n.callFrame
    const file = where(f).split('/').pop()
    const key = `${f.functionName || '(anonymous)'} (${file}:${f.lineNumber + 1}:${f.columnNumber + 1})`
    frames.set(key, (frames.get(key) ?? 0) + ms)
    const pkg = where(f)
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms)
  }
  const sort = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), pct: Math.round((ms / total) * 1000) / 10 }))
  return { totalMs: Math.round(total), frames: sort(frames), packages: sort(packages) }
}
