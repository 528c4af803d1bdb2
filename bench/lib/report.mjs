// Turns latest.json into result rows (ratio first, goal, ✓/✗), a console table and the README's Markdown snippet.

const s = (ms) => (ms === undefined || Number.isNaN(ms) ? '–' : `${(ms / 1000).toFixed(2)} s`)
const msf = (ms) => (ms === undefined || Number.isNaN(ms) ? '–' : `${Math.round(ms)} ms`)
const rate = (r) => `${Math.round(r).toLocaleString('en-US')} rows/s`
const x = (v) => (v === undefined || Number.isNaN(v) ? '–' : `${v.toFixed(2)}×`)

function row(measure, ratio, goalText, met, patchbay, peer, note = '') {
  return { measure, ratio, goal: goalText, met, patchbay, peer, note }
}

/** Every comparison the issue asks for, with its goal where it has one. */
export function resultRows(results) {
  const rows = []
  const f = results.suites.fanout
  if (f) {
    const pb = f.tools.patchbay
    const ps = f.tools['parallel-ssh']
    const an = f.tools['ansible-raw']
    const path = `Patchbay via ${f.patchbayPath.startsWith('CLI') ? 'CLI' : 'in-process services'}; ${f.hosts} hosts, median of ${pb.completeRuns ?? f.rounds} complete of ${f.rounds} rounds`
    const incomplete = ['patchbay', 'parallel-ssh', 'ansible-raw'].filter((t) => f.tools[t].okMin !== f.hosts)
    if (incomplete.length)
      rows.push(
        row(
          'exec: a run where not every host answered ok',
          '!',
          'none',
          false,
          '–',
          '–',
          `${incomplete.join(', ')} (medians use complete runs only; see latest.json)`,
        ),
      )
    const busy = (t) => `${Math.round((100 * t.boxCpuMs) / (f.floor.cores * t.wallMs))} %`
    const r1 = pb.wallMs / ps.wallMs
    // Each round ran the tools back to back: their ratios show how much the box's speed drifted between rounds.
    const perRound = pb.runs.map((r, i) => (ps.runs[i] ? (r.wallMs / ps.runs[i].wallMs).toFixed(2) : '–'))
    rows.push(
      row(
        'exec echo ok: Patchbay ÷ parallel-ssh -p 50 (wall)',
        x(r1),
        '≤ 1.0',
        r1 <= 1.0,
        s(pb.wallMs),
        s(ps.wallMs),
        `${path}; per-round ratios ${perRound.join(', ')}`,
      ),
    )
    const r2 = an.wallMs / pb.wallMs
    rows.push(
      row(
        'exec: ansible raw -f 50 ÷ Patchbay (wall, speed-up)',
        x(r2),
        '≥ 2.5',
        r2 >= 2.5,
        s(pb.wallMs),
        s(an.wallMs),
      ),
    )
    const r3 = pb.wallMs / f.floor.floorMs
    rows.push(
      row(
        'exec: Patchbay wall ÷ CPU floor',
        x(r3),
        '≤ 1.3',
        r3 <= 1.3,
        s(pb.wallMs),
        s(f.floor.floorMs),
        `floor = ${f.floor.perHandshakeCpuMs.toFixed(1)} ms (ssh+sshd CPU per handshake+echo) × ${f.hosts} ÷ ${f.floor.cores} cores`,
      ),
    )
    rows.push(
      row(
        'exec CPU (tool + sshd): Patchbay ÷ parallel-ssh',
        x((pb.toolCpuMs + pb.sshdCpuMs) / (ps.toolCpuMs + ps.sshdCpuMs)),
        '–',
        null,
        s(pb.toolCpuMs + pb.sshdCpuMs),
        s(ps.toolCpuMs + ps.sshdCpuMs),
        `tool CPU ${s(pb.toolCpuMs)} vs ${s(ps.toolCpuMs)}; box CPU ${s(pb.boxCpuMs)} vs ${s(ps.boxCpuMs)} (busy ${busy(pb)} vs ${busy(ps)} of ${f.floor.cores} cores × wall); ansible tool ${s(an.toolCpuMs)}`,
      ),
    )
  }
  const sc = results.suites.scan
  if (sc) {
    const pb = sc.tools.patchbay
    const ps = sc.tools['parallel-ssh']
    const complete = pb.okMin === sc.hosts && ps.okMin === sc.hosts
    rows.push(
      row(
        'apt scan: Patchbay (scan --force, parsed + recorded) ÷ parallel-ssh (same command)',
        complete ? x(pb.wallMs / ps.wallMs) : 'invalid',
        '–',
        complete ? null : false,
        s(pb.wallMs),
        s(ps.wallMs),
        `${sc.hosts} hosts, median of ${sc.rounds}; ok ${pb.okMin}/${sc.hosts} vs ${ps.okMin}/${sc.hosts}`,
      ),
    )
  }
  const ing = results.suites.ingest
  if (ing?.sqliteDurability) {
    const d = ing.sqliteDurability
    rows.push(
      row(
        'SQLite small commit: the site setting synchronous=FULL ÷ NORMAL (durability cost)',
        x(d.ratio),
        '–',
        null,
        `${d.fullMsPerCommit.toFixed(2)} ms`,
        `${d.normalMsPerCommit.toFixed(2)} ms`,
        `300 one-row transactions, median of ${d.rounds} interleaved rounds`,
      ),
    )
  }
  for (const engine of ['sqlite', 'postgres']) {
    const e = ing?.[engine]
    if (!e) continue
    if (e.skipped) {
      rows.push(row(`ingest ${engine}`, '–', '≥ 0.5', null, '–', '–', `skipped: ${e.skipped}`))
      continue
    }
    const raw = e.modes.raw
    const m = e.modes['record-scan']
    const size = `${e.clients.toLocaleString('en-US')} clients × ${e.updates.toLocaleString('en-US')} updates = ${raw.rows.toLocaleString('en-US')} rows`
    const peer = engine === 'sqlite' ? 'raw better-sqlite3 prepared, 1 tx' : 'raw pg 1,000-row INSERTs, 1 tx'
    const spread = (e.roundRatios ?? []).map((r) => r.toFixed(2)).join(', ')
    rows.push(
      row(
        `ingest ${engine}: recordScan (scan path, 50 in flight) ÷ ${peer}`,
        x(e.ratio ?? m.ratioToRaw),
        '≥ 0.5',
        (e.ratio ?? m.ratioToRaw) >= 0.5,
        rate(m.rowsPerSec),
        rate(raw.rowsPerSec),
        `${size}; median of ${e.rounds ?? 1} interleaved rounds' ratios (${spread}); rates are medians`,
      ),
    )
    if (e.summary) {
      const sm = e.summary
      rows.push(
        row(
          `summary freshness ${engine} (scan recorded → repository counts include it)`,
          msf(sm.freshnessMs),
          '≤ 1 s',
          sm.freshnessMs <= 1000 && sm.reflected,
          msf(sm.freshnessMs),
          '–',
          `repository ${msf(sm.repositoryMs)}, one client ${msf(sm.perClientMs)}, All Systems by state ${msf(sm.perCollectionMs)} over ${sm.stateRows.toLocaleString('en-US')} states`,
        ),
      )
    }
  }
  const c = results.suites.console
  if (c) {
    for (const [key, site, goals] of [
      ['big', c.big, true],
      ['small', c.small, false],
    ]) {
      void key
      const n = `${site.clients.toLocaleString('en-US')} clients`
      rows.push(
        row(
          `console ${n}: first interactive`,
          msf(site.firstInteractiveMs),
          goals ? '≤ 1.5 s' : '–',
          goals ? site.firstInteractiveMs <= 1500 : null,
          msf(site.firstInteractiveMs),
          '–',
          'navigation start → tree + status bar visible',
        ),
      )
      rows.push(
        row(
          `console ${n}: node switch p95 (p50)`,
          `${msf(site.switches.p95)} (${msf(site.switches.p50)})`,
          goals ? '≤ 100 ms' : '–',
          goals ? site.switches.p95 <= 100 && site.switches.timeouts === 0 : null,
          msf(site.switches.p95),
          '–',
          `${site.switches.count} switches; cold first Clients ${msf(site.switches.coldFirstVisit.clients?.ms)}${site.switches.timeouts ? `; ${site.switches.timeouts} timed out` : ''}`,
        ),
      )
      if (site.scroll)
        rows.push(
          row(
            `console ${n}: scroll ${site.scroll.rows.toLocaleString('en-US')} rows (page per frame)`,
            msf(site.scroll.totalMs),
            '–',
            null,
            msf(site.scroll.totalMs),
            '–',
            `${site.scroll.frames} frames, p95 frame ${site.scroll.frameP95.toFixed(1)} ms; jump to end ${msf(site.scroll.jumpToEndMs)}`,
          ),
        )
      rows.push(
        row(
          `console ${n}: renderer JS heap`,
          `${site.heap.usedMB.toFixed(0)} MB`,
          goals ? '≤ 300 MB' : '–',
          goals ? site.heap.usedMB <= 300 : null,
          `${site.heap.usedMB.toFixed(0)} MB`,
          '–',
          `${site.heap.usedAfterGcMB.toFixed(0)} MB after GC; ${site.heap.domNodes} DOM nodes`,
        ),
      )
    }
  }
  const pk = results.suites.packaging
  if (pk) {
    const bytes = pk.sizeBytes ?? pk.bytes
    const size =
      bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(0)} GB` : `${(bytes / 2 ** 20).toFixed(0)} MB`
    const quick = bytes < 2 ** 30 ? ' (quick mode: --full builds 1 GB)' : ''
    rows.push(
      row(
        `packaging: ${size} bundle build + verify, sha256sum + tar ÷ Patchbay (speed)${quick}`,
        x(pk.ratio.total),
        '≥ 0.8',
        pk.ratio.total >= 0.8,
        s(pk.patchbay.totalMs),
        s(pk.peer.totalMs),
        `${pk.files} files; median of ${pk.rounds} interleaved rounds; verify extracts`,
      ),
    )
    rows.push(
      row(
        `packaging: build (buildBundle ÷ sha256sum + tar -c + sync)`,
        x(pk.ratio.build),
        '–',
        null,
        s(pk.patchbay.buildMs),
        s(pk.peer.buildMs),
        'signed manifest, one read pass, fsync',
      ),
    )
    rows.push(
      row(
        `packaging: verify (verifyBundle + extract ÷ tar -x + sha256sum -c)`,
        x(pk.ratio.verify),
        '–',
        null,
        s(pk.patchbay.verifyMs),
        s(pk.peer.verifyMs),
        'trusted Ed25519 key checked',
      ),
    )
  }
  return rows
}

const mark = (met) => (met === true ? '✓' : met === false ? '✗' : ' ')

/** A plain-text table for the terminal. */
export function renderTable(results) {
  const rows = results.rows
  const cols = [
    ['Measure', (r) => r.measure],
    ['Ratio', (r) => r.ratio],
    ['Goal', (r) => `${r.goal} ${mark(r.met)}`],
    ['Patchbay', (r) => r.patchbay],
    ['Peer', (r) => r.peer],
    ['Notes', (r) => r.note],
  ]
  const widths = cols.map(([h, get]) => Math.max(h.length, ...rows.map((r) => String(get(r)).length)))
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  const m = results.machine
  return [
    `Patchbay bench ${results.mode} — ${results.date.slice(0, 16).replace('T', ' ')} UTC — ${m.cores} cores, ${m.memoryGB} GB, ${m.node}, load average ${m.loadAvgStart} → ${m.loadAvgEnd}`,
    line(cols.map(([h]) => h)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map(([, get]) => get(r)))),
  ].join('\n')
}

/** The Markdown snippet the README shows: date, machine, exact command, then the table. */
export function renderMarkdown(results) {
  const m = results.machine
  const esc = (t) => String(t).replace(/\|/g, '\\|')
  return [
    `**${results.date.slice(0, 10)}**, ${results.mode} mode, \`${results.command}\` (${results.durationS} s) — ${m.cores} cores (${m.cpu}), ${m.memoryGB} GB, Node ${m.node}, ${m.openssh}; 1-min load average ${m.loadAvgStart} at start, ${m.loadAvgEnd} at end`,
    '',
    '| Measure | Ratio | Goal | | Patchbay | Peer | Notes |',
    '|---|---|---|---|---|---|---|',
    ...results.rows.map(
      (r) =>
        `| ${esc(r.measure)} | **${esc(r.ratio)}** | ${esc(r.goal)} | ${mark(r.met)} | ${esc(r.patchbay)} | ${esc(r.peer)} | ${esc(r.note)} |`,
    ),
    '',
  ].join('\n')
}
