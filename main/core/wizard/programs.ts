// Pure rules of the Distribute Software Updates wizard: platform of a vendor, the vendor's information
// page of an update, the default program and command line that apply an update, and the package
// program that applies them all.
import type { UpdateProgramDto, WizardPlatform } from '../../../shared/dto/wizard'
import { PatchbayError } from '../../../shared/errors'
import { posixCommand } from '../../clients/quoting'
import { aptInstallFromFiles } from '../../../shared/apt-install'

/** The platform a catalog vendor's updates install on. */
export function platformOfVendor(vendor: string): WizardPlatform {
  return vendor === 'microsoft' ? 'windows' : 'linux'
}

/** The vendor's bulletin or changelog of an update (opened by the wizard's Information action). */
export function infoUrlOf(u: { vendor: string; kb: string; package: string }): string {
  const kbDigits = /(\d{4,})/.exec(u.kb)?.[1]
  switch (u.vendor) {
    case 'microsoft':
      return kbDigits
        ? `https://support.microsoft.com/help/${kbDigits}`
        : 'https://www.catalog.update.microsoft.com/'
    case 'redhat':
      return u.kb
        ? `https://access.redhat.com/errata/${encodeURIComponent(u.kb)}`
        : 'https://access.redhat.com/errata/'
    case 'suse':
      return u.kb
        ? `https://www.suse.com/support/update/announcement/${encodeURIComponent(u.kb.toLowerCase())}/`
        : 'https://www.suse.com/support/update/'
    default:
      return `https://tracker.debian.org/pkg/${encodeURIComponent(u.package)}`
  }
}

/** File names cmd.exe reads as one plain word: nothing it would expand, split or take as an operator. */
const CMD_SAFE = /^[A-Za-z0-9._+~=-]+$/

const isDeb = (f: string) => /\.deb$/i.test(f)

const aptInstall = aptInstallFromFiles

/**
 * The default program of an update given its files in the source folder: Debian packages install with
 * apt-get from the folder (verified: the rule is known); a Windows .msu with wusa and a .cab with DISM
 * (verified); any other installer (.exe, .msi) needs its command line checked against its bulletin.
 */
export function defaultProgram(
  updateId: string,
  platform: WizardPlatform,
  files: string[],
): UpdateProgramDto {
  const pick = (re: RegExp) => files.find((f) => re.test(f))
  if (platform === 'linux') {
    const debs = files.filter(isDeb)
    if (debs.length)
      return {
        updateId,
        program: debs[0]!,
        commandLine: aptInstall(debs),
        arguments: '',
        verified: true,
      }
    const rpm = pick(/\.rpm$/i)
    if (rpm)
      return {
        updateId,
        program: rpm,
        commandLine: posixCommand(['dnf', 'install', '-y', `./${rpm}`]),
        arguments: '',
        verified: true,
      }
  } else {
    // A name cmd.exe could misread gets no default program: the admin writes (and checks) its command line.
    const pickSafe = (re: RegExp) => files.find((f) => re.test(f) && CMD_SAFE.test(f))
    const msu = pickSafe(/\.msu$/i)
    if (msu)
      return {
        updateId,
        program: msu,
        commandLine: `wusa.exe ${msu}`,
        arguments: '/quiet /norestart',
        verified: true,
      }
    const cab = pickSafe(/\.cab$/i)
    if (cab)
      return {
        updateId,
        program: cab,
        commandLine: `dism.exe /online /add-package /packagepath:${cab}`,
        arguments: '/quiet /norestart',
        verified: true,
      }
    const exe = pickSafe(/\.(exe|msi|msp)$/i)
    if (exe)
      return {
        updateId,
        program: exe,
        commandLine: /\.ms[ip]$/i.test(exe) ? `msiexec.exe /p ${exe}` : exe,
        arguments: '/quiet /norestart',
        verified: false,
      }
  }
  const first = files[0] ?? ''
  return {
    updateId,
    program: first,
    commandLine: first && platform === 'linux' ? posixCommand([`./${first}`]) : '',
    arguments: '',
    verified: false,
  }
}

/** The command line of one update's program: its command line followed by its arguments. */
export function fullCommand(p: Pick<UpdateProgramDto, 'commandLine' | 'arguments'>): string {
  return [p.commandLine.trim(), p.arguments.trim()].filter(Boolean).join(' ')
}

/** Longest command line a program may have (as the Program properties allow). */
export const MAX_COMMAND_LINE = 1024

/** One update's program and the files of that update present in the source folder. */
export interface PackageProgram {
  program: UpdateProgramDto
  files: string[]
}

/**
 * The package program's command line, applying every update: on Linux one apt-get transaction over the Debian
 * packages of every update whose program is the default one (apt orders their dependencies; the file names
 * come from the folder as a list and are quoted once), other programs as written, chained with `&&`; on
 * Windows every update's command chained under `cmd /c`. Refuses a line past 1024 characters (split the package).
 */
export function packageCommandLine(platform: WizardPlatform, programs: PackageProgram[]): string {
  if (programs.length === 0)
    throw new PatchbayError('invalid-input', 'Select at least one update', 'updateIds')
  let line: string
  if (platform === 'linux') {
    const debs = new Set<string>()
    const others: string[] = []
    for (const { program, files } of programs) {
      const standard = defaultProgram(program.updateId, 'linux', files)
      const isDefault =
        files.some(isDeb) &&
        program.commandLine === standard.commandLine &&
        program.arguments === standard.arguments
      if (isDefault) files.filter(isDeb).forEach((f) => debs.add(f))
      else others.push(fullCommand(program))
    }
    line = [...(debs.size ? [aptInstall([...debs])] : []), ...others].join(' && ')
  } else {
    const cmds = programs.map((p) => fullCommand(p.program))
    line = cmds.length === 1 ? cmds[0]! : `cmd.exe /c "${cmds.join(' && ')}"`
  }
  if (line.length > MAX_COMMAND_LINE)
    throw new PatchbayError(
      'invalid-input',
      `The program's command line would be ${line.length} characters (at most ${MAX_COMMAND_LINE}); put fewer updates in this package`,
      'updateIds',
    )
  return line
}
