import { z } from 'zod'
import { MAX_OUTPUT_CHARS, checkTextSize } from '../parsing/limits'
import {
  ScanOutputError,
  normalizeSeverity,
  zodProblem,
  type InstalledHotfix,
  type ScanResult,
  type ScannedUpdate,
  type WsusClassification,
} from './types'

/** WSUS classification category IDs (stable GUIDs; the names are localized on non-English clients). */
export const CLASSIFICATION_IDS: Record<string, WsusClassification> = {
  '0fa1201d-4330-4fa8-8ae9-b877473b6441': 'Security Updates',
  'e6cf1350-c01b-414d-a61f-263d14d133b4': 'Critical Updates',
  'cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83': 'Updates',
  '28bc880e-0592-4cbf-8f95-c79b17911d5f': 'Update Rollups',
  'b54e7d24-7add-428f-8b75-90a396fa584f': 'Feature Packs',
  '68c5b0a3-d1a6-4553-ae49-01d3a7827828': 'Service Packs',
  'e0789628-ce08-4437-be74-2495b842f43b': 'Definition Updates',
  'ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0': 'Drivers',
  'b4832bd8-e735-4761-8daf-37f882276dab': 'Tools',
  '3689bdc8-b205-4af4-8d4a-a63924c5e9d5': 'Upgrades',
}

const byName = new Map(Object.values(CLASSIFICATION_IDS).map((c) => [c.toLowerCase().replace(/\s/g, ''), c]))

/** The WSUS classification of a WUA category, by ID first, then by (English) name; 'Updates' when unknown. */
export function wuaClassification(name: string, id = ''): WsusClassification {
  return (
    CLASSIFICATION_IDS[id.toLowerCase()] ?? byName.get(name.toLowerCase().replace(/\s/g, '')) ?? 'Updates'
  )
}

/** ConvertTo-Json collapses one-element arrays and writes $null for empty ones: accept all three. */
const list = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(item), item, z.null()])
    .optional()
    .transform((v) => (v == null ? [] : Array.isArray(v) ? v : [v]) as z.output<T>[])

const text = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v == null ? '' : String(v)))

/** Windows PowerShell 5.1 writes dates as "/Date(ms)/" (or {value: ...}); pwsh as ISO strings. */
const date = z
  .union([z.string(), z.object({ value: z.string() }).transform((o) => o.value), z.null()])
  .optional()
  .transform((v, ctx) => {
    if (v == null || v === '') return undefined
    const ms = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(v)
    const d = ms ? new Date(Number(ms[1])) : new Date(v)
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: `not a date: ${JSON.stringify(v)}` })
      return z.NEVER
    }
    return d.toISOString()
  })

/** Schema of one update the WUA scan script prints. */
export const wuaUpdateSchema = z.object({
  UpdateID: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'UpdateID must be a GUID'),
  RevisionNumber: z.coerce.number().int().nonnegative(),
  Title: z.string(),
  KBArticleIDs: list(z.union([z.string(), z.number()]).transform(String)),
  Classification: text,
  ClassificationID: text,
  Products: list(z.string()),
  MsrcSeverity: text,
  Type: z.number().int().optional(),
  LastDeploymentChangeTime: date,
  MaxDownloadSize: z.coerce.number().nonnegative().optional(),
  SupersededUpdateIDs: list(z.string()),
  IsInstalled: z.boolean(),
  IsDownloaded: z.boolean().optional(),
  RebootRequired: z.boolean().optional(),
  SupportUrl: text,
})

/** Schema of the WUA scan script's JSON object. */
export const wuaScanSchema = z.object({
  SchemaVersion: z.literal(1),
  ComputerName: text,
  OsName: text,
  OsVersion: text,
  AgentVersion: text,
  RebootPending: z.boolean(),
  RebootReasons: list(z.string()),
  Updates: list(wuaUpdateSchema),
  HotFixes: list(z.object({ HotFixID: z.string(), Description: text, InstalledOn: date })),
})

const errorSchema = z.object({ error: z.string(), hresult: z.string().optional() })

/** "KB5034123", whether WUA gave "5034123", 5034123 or "KB5034123". */
export function normalizeKb(kb: string): string {
  const digits = kb.trim().replace(/^KB/i, '')
  return /^\d+$/.test(digits) ? `KB${digits}` : kb.trim()
}

function extractJson(stdout: string): unknown {
  checkTextSize(stdout, MAX_OUTPUT_CHARS, 'WUA scan output', (m) => new ScanOutputError(m))
  const trimmed = stdout.replace(/^\uFEFF/, '').trim()
  const candidates = [
    trimmed,
    ...trimmed
      .split(/\r?\n/)
      .filter((l) => l.trimStart().startsWith('{'))
      .reverse(),
  ]
  for (const c of candidates) {
    try {
      return JSON.parse(c)
    } catch {
      // try the next candidate
    }
  }
  const head = trimmed.slice(0, 120)
  throw new ScanOutputError(
    `WUA scan output is not JSON${trimmed ? `: ${JSON.stringify(head)}` : ' (empty output)'}`,
  )
}

/** Maps one parsed WUA update to a ScannedUpdate. */
export function wuaUpdate(u: z.output<typeof wuaUpdateSchema>): ScannedUpdate {
  const kbs = u.KBArticleIDs.map(normalizeKb)
  const update: ScannedUpdate = {
    id: u.UpdateID.toLowerCase(),
    vendor: 'microsoft',
    title: u.Title,
    classification: wuaClassification(u.Classification, u.ClassificationID),
    severity: normalizeSeverity(u.MsrcSeverity),
    revision: u.RevisionNumber,
    products: u.Products,
    supersededIds: u.SupersededUpdateIDs.map((s) => s.toLowerCase()),
    installed: u.IsInstalled,
  }
  if (u.Classification && u.Classification !== update.classification)
    update.vendorClassification = u.Classification
  if (kbs[0]) update.kb = kbs[0]
  if (u.MaxDownloadSize !== undefined) update.size = u.MaxDownloadSize
  if (u.LastDeploymentChangeTime) update.releaseDate = u.LastDeploymentChangeTime
  if (u.IsDownloaded !== undefined) update.downloaded = u.IsDownloaded
  if (u.RebootRequired !== undefined) update.rebootRequired = u.RebootRequired
  if (u.SupportUrl) update.supportUrl = u.SupportUrl
  return update
}

/** Parses the stdout of WUA_SCAN_SCRIPT into a ScanResult; the script's {"error"} object becomes a thrown Error. */
export function parseWuaScan(stdout: string): ScanResult {
  const json = extractJson(stdout)
  const failed = errorSchema.safeParse(json)
  if (failed.success)
    throw new ScanOutputError(
      `WUA scan failed on the client: ${failed.data.error}${failed.data.hresult ? ` (${failed.data.hresult})` : ''}`,
    )
  const parsed = wuaScanSchema.safeParse(json)
  if (!parsed.success) throw new ScanOutputError(`WUA scan JSON is invalid ${zodProblem(parsed.error)}`)
  const s = parsed.data
  const installedHotfixes: InstalledHotfix[] = s.HotFixes.map((h) => {
    const fix: InstalledHotfix = { kb: normalizeKb(h.HotFixID) }
    if (h.Description) fix.description = h.Description
    if (h.InstalledOn) fix.installedOn = h.InstalledOn
    return fix
  })
  const result: ScanResult = {
    platform: 'windows',
    osName: s.OsName,
    osVersion: s.OsVersion,
    rebootPending: s.RebootPending,
    rebootReasons: s.RebootReasons,
    updates: s.Updates.map(wuaUpdate),
    installedHotfixes,
  }
  if (s.AgentVersion) result.agentVersion = s.AgentVersion
  return result
}
