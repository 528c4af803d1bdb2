import { MARKER } from '../platforms/shell-sections'
import { SERVICES_SECTION } from '../platforms/restart-services'
import type { LabDebianCandidate, LabHost } from './lab-host'

/** What a command printed and how it exited. */
export interface LabOutput {
  stdout: string
  stderr: string
  code: number
}

/** The file /etc/os-release of a Debian-like lab host. */
export function osReleaseText(host: LabHost): string {
  const r = host.debian!
  const lines = [
    `PRETTY_NAME="${r.prettyName}"`,
    `NAME="${r.name}"`,
    `VERSION_ID="${r.versionId}"`,
    `VERSION="${r.version}"`,
    `VERSION_CODENAME=${r.codename}`,
    `ID=${r.id}`,
  ]
  if (r.id === 'ubuntu') lines.push('ID_LIKE=debian', `UBUNTU_CODENAME=${r.codename}`)
  lines.push(`HOME_URL="${r.id === 'ubuntu' ? 'https://www.ubuntu.com/' : 'https://www.debian.org/'}"`)
  return `${lines.join('\n')}\n`
}

/** `uname -a` of a Debian-like lab host (the running kernel changes only on reboot). */
export function unameText(host: LabHost, flag = '-a'): string {
  if (flag === '-r') return `${host.runningKernel}\n`
  if (flag === '-n') return `${host.hostname}\n`
  if (flag === '-s' || flag === '') return 'Linux\n'
  return `Linux ${host.hostname} ${host.runningKernel} #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\n`
}

const APT_WARNING = '\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n'

function repoLine(host: LabHost, suite: string): string {
  const r = host.debian!
  const uri = suite.endsWith('-security') ? r.securityMirror : r.mirror
  return `${uri} ${suite}/main amd64 Packages`
}

/** `apt list --upgradable` (stdout and stderr) as apt 2.x prints it when not on a terminal. */
export function aptListUpgradable(host: LabHost): LabOutput {
  const lines = host
    .upgradable()
    .map(
      (c) =>
        `${c.name}/${c.suites.join(',')} ${c.version} ${c.arch} [upgradable from: ${host.packages.get(c.name)!.version}]`,
    )
  return { stdout: ['Listing...', ...lines, ''].join('\n'), stderr: APT_WARNING, code: 0 }
}

function policyBlock(host: LabHost, c: LabDebianCandidate): string {
  const installed = host.packages.get(c.name)!.version
  return [
    `${c.name}:`,
    `  Installed: ${installed}`,
    `  Candidate: ${c.version}`,
    '  Version table:',
    `     ${c.version} 500`,
    ...c.suites.map((s) => `        500 ${repoLine(host, s)}`),
    ` *** ${installed} 100`,
    '        100 /var/lib/dpkg/status',
  ].join('\n')
}

function showRecord(host: LabHost, c: LabDebianCandidate): string {
  const pool = `pool/${c.suites.some((s) => s.endsWith('-security')) ? 'updates/' : ''}main`
  return [
    `Package: ${c.name}`,
    `Version: ${c.version}`,
    `Architecture: ${c.arch}`,
    `Maintainer: Patchbay Lab <lab@patchbay.invalid>`,
    `Description: ${c.summary}`,
    `Section: admin`,
    `Priority: optional`,
    `Filename: ${pool}/${c.name[0]}/${c.name}/${c.name}_${c.version.replace(/^\d+:/, '')}_${c.arch}.deb`,
    `Size: ${c.size}`,
    `SHA256: ${c.sha256}`,
  ].join('\n')
}

/** One `@@PATCHBAY` section as the real scripts' `emit` prints it. */
export function section(name: string, rc: number, out: string, err = ''): string {
  return `${MARKER} begin ${name}@@\n${out}\n${MARKER} stderr ${name}@@\n${err}\n${MARKER} end ${name} rc=${rc}@@\n`
}

/** The reboot-required flag file and its package list, or null when no reboot is pending. */
export function rebootRequiredFiles(host: LabHost): { flag: string; pkgs: string } | null {
  if (!host.rebootPending) return null
  return { flag: '*** System restart required ***\n', pkgs: host.rebootReasons.map((r) => `${r}\n`).join('') }
}

/**
 * `needrestart -b` as root on a lab Debian host: version 3.6, the running and the newest installed kernel (KSTA 3
 * when they differ, 1 when current) and one SVC line per service running an outdated library.
 */
export function needrestartBatchText(host: LabHost): string {
  const r = host.debian!
  const kernel = host.packages.get(r.kernel.package)
  const expected = (kernel && r.kernel.abis[kernel.version]) || host.runningKernel
  return [
    'NEEDRESTART-VER: 3.6',
    `NEEDRESTART-KCUR: ${host.runningKernel}`,
    `NEEDRESTART-KEXP: ${expected}`,
    `NEEDRESTART-KSTA: ${expected === host.runningKernel ? 1 : 3}`,
    ...host.outdatedServices.map((s) => `NEEDRESTART-SVC: ${s}`),
    '',
  ].join('\n')
}

/** The `lists-age` section body the real script prints: the lab clock's now and the lists' refresh time. */
function listsAgeText(host: LabHost, now: Date): string {
  const epoch = (d: Date) => Math.floor(d.getTime() / 1000)
  return `now=${epoch(now)}\nnewest=${host.listsUpdatedAt ? epoch(host.listsUpdatedAt) : 'none'}\n`
}

/**
 * The lists sections of a Debian scan run with `args` (the script's arguments: none, or `<seconds>|never` then
 * apt `-o` options): the lab host runs as root, so a due refresh is a simulated `apt-get update` that succeeds.
 */
function listsSections(host: LabHost, args: readonly string[], now: Date): string {
  const before = listsAgeText(host, now)
  const when = args[0] ?? 'never'
  const age = host.listsUpdatedAt ? (now.getTime() - host.listsUpdatedAt.getTime()) / 1000 : Infinity
  const due = /^\d+$/.test(when) && age >= Number(when)
  if (!due)
    return (
      section('lists-age', 0, before) +
      section('refresh', 0, 'skipped') +
      section('lists-age-after', 0, before)
    )
  const update = aptGetUpdate(host, now)
  return (
    section('lists-age', 0, before) +
    section('refresh', update.code, `done\n${update.stdout}`, update.stderr) +
    section('lists-age-after', 0, listsAgeText(host, now))
  )
}

/**
 * The whole output of a Debian scan command for this host, section by section as the real script prints it;
 * `args` are the script's arguments (see debianScanCommand), `now` the lab clock.
 */
export function debianScanOutput(host: LabHost, args: readonly string[] = [], now = new Date()): string {
  const upgradable = host.upgradable()
  const list = aptListUpgradable(host)
  const pkgs = [...host.packages.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
  const reboot = rebootRequiredFiles(host)
  const blank = upgradable.length === 0
  return [
    section('os-release', 0, osReleaseText(host)),
    listsSections(host, args, now),
    section('apt-version', 0, host.packages.get('apt')?.version ?? ''),
    section('apt-list', 0, list.stdout, list.stderr),
    section(
      'apt-cache-policy',
      0,
      blank ? '' : `${upgradable.map((c) => policyBlock(host, c)).join('\n')}\n`,
    ),
    section('apt-cache-show', 0, blank ? '' : upgradable.map((c) => `${showRecord(host, c)}\n\n`).join('')),
    section('reboot', 0, reboot ? `yes\n${reboot.pkgs}` : 'no\n'),
    section('dpkg-query', 0, pkgs.map((p) => `${p.name}\t${p.version}\t${p.arch}\tii \n`).join('')),
    section(SERVICES_SECTION, 0, needrestartBatchText(host)),
    `${MARKER} done@@\n`,
  ].join('')
}

const READING = ['Reading package lists...', 'Building dependency tree...', 'Reading state information...']

function fmtKb(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1000)).toLocaleString('en-US')} kB`
}

/** `apt-get update`: the repositories answer "Hit" (the lab's indexes never change by themselves); the lists are fresh. */
export function aptGetUpdate(host: LabHost, now = new Date()): LabOutput {
  const r = host.debian!
  host.listsUpdatedAt = now
  const suites = [r.codename, `${r.codename}-updates`, `${r.codename}-security`]
  const hits = suites.map(
    (s, i) => `Hit:${i + 1} ${s.endsWith('-security') ? r.securityMirror : r.mirror} ${s} InRelease`,
  )
  return { stdout: [...hits, 'Reading package lists...', ''].join('\n'), stderr: '', code: 0 }
}

/** Options of aptGetInstall. */
export interface AptGetInstallRequest {
  /** `name` or `name=version` (an `:arch` suffix on the name is accepted); empty with upgrade = every upgradable. */
  specs: string[]
  upgrade: boolean
  simulate: boolean
  key?: string
  now: Date
}

/** `apt-get install|upgrade`: checks every spec first (exit 100, nothing changed, on any error), then installs. */
export function aptGetInstall(host: LabHost, req: AptGetInstallRequest): LabOutput {
  const wanted: { name: string; version?: string }[] = req.upgrade
    ? host.upgradable().map((c) => ({ name: c.name }))
    : req.specs.map((s) => {
        const [name, version] = s.split('=', 2) as [string, string | undefined]
        return version === undefined
          ? { name: name.replace(/:\w+$/, '') }
          : { name: name.replace(/:\w+$/, ''), version }
      })
  if (!req.upgrade && wanted.length === 0)
    return {
      stdout: READING.join('\n') + '\n0 upgraded, 0 newly installed, 0 to remove.\n',
      stderr: '',
      code: 0,
    }
  for (const w of wanted) {
    const pkg = host.packages.get(w.name)
    if (!pkg)
      return {
        stdout: `${READING.join('\n')}\n`,
        stderr: `E: Unable to locate package ${w.name}\n`,
        code: 100,
      }
    const versions = [pkg.version, host.candidates.get(w.name)?.version]
    if (w.version !== undefined && !versions.includes(w.version))
      return {
        stdout: `${READING.join('\n')}\n`,
        stderr: `E: Version '${w.version}' for '${w.name}' was not found\n`,
        code: 100,
      }
  }
  const out = [...READING]
  const changes = wanted
    .map((w) => ({
      ...w,
      from: host.packages.get(w.name)!.version,
      to: w.version ?? host.candidates.get(w.name)?.version,
    }))
    .filter((w) => {
      const current = w.to === undefined || w.to === w.from
      if (!current) return true
      out.push(`${w.name} is already the newest version (${w.from}).`)
      // Counts a replay when this key already installed it; otherwise changes nothing.
      if (req.key && !req.simulate) host.installPackage(w.name, w.version, req.now, req.key)
      return false
    })
  const notUpgraded = host.upgradable().length - changes.length
  if (changes.length > 0)
    out.push('The following packages will be upgraded:', `  ${changes.map((c) => c.name).join(' ')}`)
  out.push(`${changes.length} upgraded, 0 newly installed, 0 to remove and ${notUpgraded} not upgraded.`)
  if (req.simulate) {
    for (const c of changes) {
      const cand = host.candidates.get(c.name)!
      out.push(`Inst ${c.name} [${c.from}] (${c.to} ${cand.suites.join(', ')} [${cand.arch}])`)
    }
    for (const c of changes) out.push(`Conf ${c.name} (${c.to} [${host.candidates.get(c.name)!.arch}])`)
    return { stdout: `${out.join('\n')}\n`, stderr: '', code: 0 }
  }
  const size = changes.reduce((n, c) => n + (host.candidates.get(c.name)?.size ?? 0), 0)
  if (changes.length > 0) out.push(`Need to get ${fmtKb(size)} of archives.`)
  let reboot = false
  for (const c of changes) {
    const res = host.installPackage(c.name, c.to, req.now, req.key)
    if (res.status === 'installed' && res.rebootRequired) reboot = true
    const file = `${c.name}_${c.to!.replace(/^\d+:/, '')}_${host.packages.get(c.name)!.arch}.deb`
    out.push(`Preparing to unpack .../${file} ...`, `Unpacking ${c.name} (${c.to}) over (${c.from}) ...`)
  }
  for (const c of changes) out.push(`Setting up ${c.name} (${c.to}) ...`)
  if (reboot) out.push('*** System restart required ***')
  return { stdout: `${out.join('\n')}\n`, stderr: '', code: 0 }
}
