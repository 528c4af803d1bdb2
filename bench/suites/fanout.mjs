// Suite 2: fan-out of `echo ok` to N client entries on one private sshd — Patchbay vs parallel-ssh -p 50 vs
// ansible -m raw -f 50 (no connection sharing), interleaved rounds, medians of wall and CPU, the CPU floor;
// then a forced apt scan of N clients vs parallel-ssh running the same scan command.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { cores, median, runMeasured } from '../lib/measure.mjs'

const alias = (i) => `pb-${String(i).padStart(4, '0')}`

/** Writes the hosts file (pssh), the inventory and ansible.cfg (ansible) for N aliases of one sshd. */
function writePeerFiles(dir, sshd, n) {
  const hosts = join(dir, 'hosts')
  writeFileSync(hosts, Array.from({ length: n }, (_, i) => alias(i + 1)).join('\n') + '\n')
  const inventory = join(dir, 'inventory.ini')
  writeFileSync(inventory, '[bench]\n' + Array.from({ length: n }, (_, i) => alias(i + 1)).join('\n') + '\n')
  const ansibleTmp = join(dir, 'ansible-tmp')
  mkdirSync(ansibleTmp, { recursive: true })
  const cfg = join(dir, 'ansible.cfg')
  writeFileSync(
    cfg,
    [
      '[defaults]',
      `inventory = ${inventory}`,
      'host_key_checking = True',
      'forks = 50',
      'gathering = explicit',
      'retry_files_enabled = False',
      `local_tmp = ${ansibleTmp}`,
      'interpreter_python = /usr/bin/python3',
      'deprecation_warnings = False',
      '[ssh_connection]',
      // ssh_args replaces the default "-C -o ControlMaster=auto -o ControlPersist=60s": no connection sharing.
      `ssh_args = -F ${sshd.sshConfig} -o ControlMaster=no -o ControlPath=none`,
      'pipelining = False',
      '',
    ].join('\n'),
  )
  return { hosts, inventory, cfg, ansibleTmp }
}

function peerEnv(files) {
  return {
    ...process.env,
    ANSIBLE_CONFIG: files.cfg,
    ANSIBLE_LOCAL_TEMP: files.ansibleTmp,
    ANSIBLE_HOME: files.ansibleTmp,
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
  }
}

/** Counts hosts that answered `ok` in each tool's output. */
const okCount = {
  pssh: (out) => (out.match(/\[SUCCESS\]/g) ?? []).length,
  ansible: (out) => (out.match(/\| (CHANGED|SUCCESS) \| rc=0/g) ?? []).length,
}

/**
 * Measures one handshake + `echo ok` (OpenSSH client + sshd CPU) over `count` sequential connections:
 * the CPU floor of N hosts is that × N ÷ cores.
 */
async function handshakeCpu(sshd, count) {
  let cpu = 0
  let wall = 0
  for (let i = 0; i < count; i++) {
    const r = await runMeasured('ssh', ['-F', sshd.sshConfig, alias(1), 'echo ok'], { sshdPid: sshd.pid })
    if (r.code !== 0 || r.stdout.trim() !== 'ok') throw new Error(`ssh probe failed: ${r.stderr}`)
    cpu += r.toolCpuMs + r.sshdCpuMs
    wall += r.wallMs
  }
  return { perHandshakeCpuMs: cpu / count, perHandshakeWallMs: wall / count }
}

/** Runs the fan-out and scan comparisons; returns the results section for latest.json. */
export async function runFanout(ctx) {
  const { sshd, dir, n, rounds, patchbay, log } = ctx
  const files = writePeerFiles(dir, sshd, n)
  const env = peerEnv(files)
  const site = join(dir, 'fanout-site.db')
  await patchbay.setupFleet(site, n)

  const floor = await handshakeCpu(sshd, ctx.floorSamples)
  const floorMs = (floor.perHandshakeCpuMs * n) / cores
  log(
    `  CPU floor: ${floor.perHandshakeCpuMs.toFixed(1)} ms CPU per handshake+echo (ssh+sshd, ${ctx.floorSamples} sequential) × ${n} ÷ ${cores} cores = ${floorMs.toFixed(0)} ms`,
  )

  const tools = {
    patchbay: () => patchbay.exec(site, 'echo ok'),
    'parallel-ssh': async () => {
      const r = await runMeasured(
        'parallel-ssh',
        ['-p', '50', '-t', '120', '-h', files.hosts, '-x', `-F ${sshd.sshConfig}`, 'echo ok'],
        { sshdPid: sshd.pid, env },
      )
      return { ...r, ok: okCount.pssh(r.stdout) }
    },
    'ansible-raw': async () => {
      const r = await runMeasured(
        'ansible',
        ['all', '-i', files.inventory, '-m', 'raw', '-a', 'echo ok', '-f', '50'],
        { sshdPid: sshd.pid, env },
      )
      return { ...r, ok: okCount.ansible(r.stdout) }
    },
  }
  const names = Object.keys(tools)
  const runs = Object.fromEntries(names.map((t) => [t, []]))
  // Full mode: a warm-up run of each tool (page cache, Python bytecode), not counted; quick mode relies on medians.
  if (ctx.warmUp) for (const t of names) await tools[t]()
  for (let round = 0; round < rounds; round++) {
    // Rotate the order every round so no tool always runs first or right after another.
    const order = names.map((_, i) => names[(i + round) % names.length])
    for (const t of order) {
      const r = await tools[t]()
      runs[t].push(r)
      log(
        `  round ${round + 1}/${rounds} ${t.padEnd(13)} ${(r.wallMs / 1000).toFixed(2)} s wall, tool ${(r.toolCpuMs / 1000).toFixed(2)} s CPU, sshd ${(r.sshdCpuMs / 1000).toFixed(2)} s, box ${(r.boxCpuMs / 1000).toFixed(2)} s, ok ${r.ok}/${n}${r.inner ? ` (in-process: start-up ${r.inner.startupMs.toFixed(0)} ms, job ${r.inner.jobMs.toFixed(0)} ms)` : ''}`,
      )
      if (r.ok !== n)
        log(`    ! ${t}: only ${r.ok}/${n} hosts answered ok ${r.firstError ?? r.stderr.slice(0, 300)}`)
    }
  }
  const summary = {}
  for (const t of names) {
    // Medians over complete runs (every host answered); failed runs stay in `runs` and lower okMin.
    const complete = runs[t].filter((r) => r.ok === n)
    const rs = complete.length ? complete : runs[t]
    summary[t] = {
      wallMs: median(rs.map((r) => r.wallMs)),
      toolCpuMs: median(rs.map((r) => r.toolCpuMs)),
      sshdCpuMs: median(rs.map((r) => r.sshdCpuMs)),
      boxCpuMs: median(rs.map((r) => r.boxCpuMs)),
      okMin: Math.min(...runs[t].map((r) => r.ok)),
      completeRuns: complete.length,
      runs: runs[t].map(({ stdout: _o, stderr: _e, ...r }) => r),
    }
  }
  return {
    hosts: n,
    rounds,
    patchbayPath: patchbay.path,
    floor: { ...floor, samples: ctx.floorSamples, cores, floorMs },
    tools: summary,
  }
}

/** A forced apt scan of N clients by Patchbay vs parallel-ssh running the same scan command. */
export async function runScan(ctx) {
  const { sshd, dir, n, rounds, patchbay, log } = ctx
  const files = writePeerFiles(dir, sshd, n)
  const site = join(dir, 'scan-site.db')
  await patchbay.setupFleet(site, n)
  const scanCommand = await patchbay.scanCommand()
  const cmdFile = join(dir, 'scan-command.sh')
  writeFileSync(cmdFile, scanCommand)
  const tools = {
    patchbay: () => patchbay.scan(site),
    'parallel-ssh': async () => {
      const outDir = join(dir, 'pssh-scan-out')
      const r = await runMeasured(
        'parallel-ssh',
        [
          '-p',
          '50',
          '-t',
          '300',
          '-o',
          outDir,
          '-h',
          files.hosts,
          '-x',
          `-F ${sshd.sshConfig}`,
          readFileSync(cmdFile, 'utf8'),
        ],
        { sshdPid: sshd.pid, env: peerEnv(files) },
      )
      return { ...r, ok: okCount.pssh(r.stdout) }
    },
  }
  const names = Object.keys(tools)
  const runs = Object.fromEntries(names.map((t) => [t, []]))
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...names].reverse() : names
    for (const t of order) {
      const r = await tools[t]()
      runs[t].push(r)
      log(
        `  scan round ${round + 1}/${rounds} ${t.padEnd(13)} ${(r.wallMs / 1000).toFixed(2)} s wall, tool ${(r.toolCpuMs / 1000).toFixed(2)} s CPU, sshd ${(r.sshdCpuMs / 1000).toFixed(2)} s, ok ${r.ok}/${n}`,
      )
      if (r.ok !== n)
        log(`    ! ${t}: only ${r.ok}/${n} hosts succeeded ${r.firstError ?? r.stderr.slice(0, 300)}`)
    }
  }
  const summary = {}
  for (const t of names)
    summary[t] = {
      wallMs: median(runs[t].map((r) => r.wallMs)),
      toolCpuMs: median(runs[t].map((r) => r.toolCpuMs)),
      sshdCpuMs: median(runs[t].map((r) => r.sshdCpuMs)),
      boxCpuMs: median(runs[t].map((r) => r.boxCpuMs)),
      okMin: Math.min(...runs[t].map((r) => r.ok)),
      runs: runs[t].map(({ stdout: _o, stderr: _e, ...r }) => r),
    }
  return { hosts: n, rounds, patchbayPath: patchbay.path, tools: summary }
}
