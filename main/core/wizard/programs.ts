// Pure rules of the Distribute Software Updates wizard: platform of a vendor, the vendor's information
// page of an update, the default program and command line that apply an update, and the package
// program that applies them all.
import type { UpdateProgramDto, WizardPlatform } from '../../../shared/dto/wizard'
import { PatchbayError } from '../../../shared/errors'

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

const quote = (file: string) => (/^[\w.+%~=-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`)
const winQuote = (file: string) => (/[\s&()^]/.test(file) ? `"${file}"` : file)

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
    const debs = files.filter((f) => /\.deb$/i.test(f))
    if (debs.length)
      return {
        updateId,
        program: debs[0]!,
        commandLine: `apt-get install -y --allow-downgrades ${debs.map((d) => `./${quote(d)}`).join(' ')}`,
        arguments: '',
        verified: true,
      }
    const rpm = pick(/\.rpm$/i)
    if (rpm)
      return {
        updateId,
        program: rpm,
        commandLine: `dnf install -y ./${quote(rpm)}`,
        arguments: '',
        verified: true,
      }
  } else {
    const msu = pick(/\.msu$/i)
    if (msu)
      return {
        updateId,
        program: msu,
        commandLine: `wusa.exe ${winQuote(msu)}`,
        arguments: '/quiet /norestart',
        verified: true,
      }
    const cab = pick(/\.cab$/i)
    if (cab)
      return {
        updateId,
        program: cab,
        commandLine: `dism.exe /online /add-package /packagepath:${winQuote(cab)}`,
        arguments: '/quiet /norestart',
        verified: true,
      }
    const exe = pick(/\.(exe|msi|msp)$/i)
    if (exe)
      return {
        updateId,
        program: exe,
        commandLine: /\.ms[ip]$/i.test(exe) ? `msiexec.exe /p ${winQuote(exe)}` : winQuote(exe),
        arguments: '/quiet /norestart',
        verified: false,
      }
  }
  const first = files[0] ?? ''
  return {
    updateId,
    program: first,
    commandLine: first ? `./${quote(first)}` : '',
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

/**
 * The package program's command line, applying every update: on Linux one apt-get transaction over all
 * Debian packages (apt orders their dependencies), other updates chained with `&&`; on Windows every
 * update's command chained under `cmd /c`. Refuses a line past 1024 characters (split the package).
 */
export function packageCommandLine(platform: WizardPlatform, programs: UpdateProgramDto[]): string {
  if (programs.length === 0)
    throw new PatchbayError('invalid-input', 'Select at least one update', 'updateIds')
  let line: string
  if (platform === 'linux') {
    const apt = /^apt-get install -y --allow-downgrades (.+)$/
    const debs = programs.flatMap((p) => apt.exec(p.commandLine)?.[1]?.split(' ') ?? [])
    const others = programs.filter((p) => !apt.test(p.commandLine)).map(fullCommand)
    const parts = debs.length ? [`apt-get install -y --allow-downgrades ${[...new Set(debs)].join(' ')}`] : []
    line = [...parts, ...others].join(' && ')
  } else {
    const cmds = programs.map(fullCommand)
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
