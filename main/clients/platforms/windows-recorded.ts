import { z } from 'zod'
import {
  ScanOutputError,
  normalizeSeverity,
  quoteLine,
  toLines,
  zodProblem,
  type InstalledHotfix,
  type Severity,
  type WsusClassification,
} from './types'

/** The KB number in an update title such as "… (KB4041085)", or undefined. */
export function kbFromTitle(title: string): string | undefined {
  const digits = /\bKB(\d{6,8})\b/i.exec(title)?.[1]
  return digits ? `KB${digits}` : undefined
}

/**
 * A best guess of the WSUS classification from an English update title or Get-HotFix description, for recorded
 * lists that carry no WUA categories. The WUA scan itself uses the real category, never this.
 */
export function classificationFromTitle(title: string): WsusClassification {
  const t = title.toLowerCase()
  if (/security intelligence update|definition update/.test(t)) return 'Definition Updates'
  if (/\bsecurity\b/.test(t)) return 'Security Updates'
  if (/malicious software removal tool|update rollup/.test(t)) return 'Update Rollups'
  if (/service pack/.test(t)) return 'Service Packs'
  if (/feature pack/.test(t)) return 'Feature Packs'
  if (/critical update/.test(t)) return 'Critical Updates'
  return 'Updates'
}

/** "6/5/2017 12:00:00 AM" (en-US, as Get-HotFix and WUA lists print it) → "2017-06-05"; undefined if not that shape. */
export function usDate(text: string): string | undefined {
  const m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b/.exec(text.trim())
  if (!m) return undefined
  const [, mo, d, y] = m
  if (Number(mo) > 12 || Number(d) > 31) return undefined
  return `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`
}

/** Parses `Get-HotFix` as Format-Table prints it (columns found from the dashes line; long values truncated with …). */
export function parseGetHotFixTable(text: string): InstalledHotfix[] {
  const lines = toLines(text, 'Get-HotFix output')
  const start = lines.findIndex((l) => /^\s*Source\s+Description\s+HotFixID\b/.test(l))
  if (start < 0)
    throw new ScanOutputError('Get-HotFix output has no "Source Description HotFixID …" header line')
  const header = lines[start]!
  const dashes = lines[start + 1] ?? ''
  if (!/^[\s-]+$/.test(dashes) || !dashes.includes('-'))
    throw new ScanOutputError(
      `Get-HotFix output line ${start + 2} is not the dashes line: ${quoteLine(dashes)}`,
    )
  const cols: { name: string; from: number; to: number }[] = []
  for (const m of dashes.matchAll(/-+/g)) {
    const from = m.index
    cols.push({ name: header.slice(from, from + m[0].length).trim(), from, to: from + m[0].length })
  }
  const out: InstalledHotfix[] = []
  lines.slice(start + 2).forEach((line, i) => {
    if (line.trim() === '') return
    const field = (name: string) => {
      const k = cols.findIndex((c) => c.name === name)
      if (k < 0) return ''
      const next = cols[k + 1]
      return line.slice(cols[k]!.from, next ? next.from : undefined).trim()
    }
    const kb = field('HotFixID')
    if (!/^KB\d+$/i.test(kb))
      throw new ScanOutputError(
        `Get-HotFix output line ${start + 3 + i} has no KB in HotFixID: ${quoteLine(line)}`,
      )
    const fix: InstalledHotfix = { kb: kb.toUpperCase() }
    const description = field('Description')
    if (description) fix.description = description
    const on = usDate(field('InstalledOn'))
    if (on) fix.installedOn = on
    out.push(fix)
  })
  return out
}

/** An installed-update list as the ListSystemUpdates tool prints it: machine info plus titles with issue dates. */
export interface RecordedUpdateList {
  machineName: string
  osName: string
  build: string
  updates: (InstalledHotfix & { title: string; releaseDate?: string; classification: WsusClassification })[]
}

/** Parses the ListSystemUpdates text ("--------Windows updates list--------", "<title> issued <date>"). */
export function parseListSystemUpdates(text: string): RecordedUpdateList {
  const lines = toLines(text, 'installed-update list')
  const listAt = lines.findIndex((l) => /^-+Windows updates list-+$/.test(l.trim()))
  if (listAt < 0)
    throw new ScanOutputError('installed-update list has no "--------Windows updates list--------" line')
  const info = lines.slice(0, listAt)
  const value = (re: RegExp) => info.map((l) => re.exec(l)?.[1]).find((v) => v !== undefined) ?? ''
  const result: RecordedUpdateList = {
    machineName: value(/^Machine name: (.+)$/),
    osName: info.find((l) => /^Microsoft Windows/.test(l))?.trim() ?? '',
    build: value(/^Windows build number (\S+)$/),
    updates: [],
  }
  lines.slice(listAt + 1).forEach((line, i) => {
    if (line.trim() === '') return
    // [\s\S] rather than '.': a CR or U+2028 inside the line must not make the match backtrack (quadratic time).
    const m = /^([\s\S]+) issued (\d{1,2}\/\d{1,2}\/\d{4} [\s\S]+)$/.exec(line.trim())
    const kb = m ? kbFromTitle(m[1]!) : undefined
    if (!m || !kb)
      throw new ScanOutputError(
        `installed-update list line ${listAt + 2 + i} is not '<title> (KBnnnnnn) issued <date>': ${quoteLine(line)}`,
      )
    result.updates.push({
      kb,
      title: m[1]!,
      releaseDate: usDate(m[2]!),
      classification: classificationFromTitle(m[1]!),
    })
  })
  return result
}

const psWuRecord = z.object({
  KB: z.string(),
  Title: z.string(),
  Size: z.string().regex(/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB)$/i, 'Size must look like "6MB"'),
  MsrcSeverity: z.string().nullable(),
  LastDeploymentChangeTime: z.string(),
})

/** A missing update as a PSWindowsUpdate-based report lists it (KB, Title, Size "6MB", MsrcSeverity, date). */
export interface PsWindowsUpdateRecord {
  kb: string
  title: string
  size: number
  severity: Severity
  releaseDate?: string
  classification: WsusClassification
}

/** Parses an array of PSWindowsUpdate records (Get-WindowsUpdate | Select KB,Title,Size,MsrcSeverity,…). */
export function parsePsWindowsUpdateRecords(json: unknown): PsWindowsUpdateRecord[] {
  const parsed = z.array(psWuRecord).safeParse(json)
  if (!parsed.success)
    throw new ScanOutputError(`PSWindowsUpdate record list is invalid ${zodProblem(parsed.error)}`)
  const units: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 }
  return parsed.data.map((r) => {
    const [, n, unit] = /^([\d.]+)\s*(\w+)$/.exec(r.Size)!
    const kb = /^KB\d+$/i.test(r.KB) ? r.KB.toUpperCase() : kbFromTitle(r.Title)
    if (!kb) throw new ScanOutputError(`PSWindowsUpdate record ${quoteLine(r.Title)} has no KB`)
    const size = Math.round(Number(n) * units[unit!.toUpperCase()]!)
    if (!Number.isSafeInteger(size))
      throw new ScanOutputError(`PSWindowsUpdate record ${kb}: Size ${quoteLine(r.Size)} is too large`)
    return {
      kb,
      title: r.Title,
      size,
      severity: normalizeSeverity(r.MsrcSeverity),
      releaseDate: usDate(r.LastDeploymentChangeTime),
      classification: classificationFromTitle(r.Title),
    }
  })
}
