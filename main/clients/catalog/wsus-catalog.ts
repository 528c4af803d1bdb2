import { quote } from '../parsing/one-line'
import { CatalogError } from './catalog-error'
import { WSUS_CLASSIFICATIONS, isGuid, normalizeGuid } from './wsus-classifications'
import { scanXml } from './xml-scan'

/** One `<Update>` of a WSUS offline catalog (package.xml), with revision references resolved to UpdateIds. */
export interface WsusUpdate {
  /** Lower-case GUID. */
  updateId: string
  revisionNumber: number
  revisionId: number
  /** ISO 8601. */
  creationDate: string
  defaultLanguage?: string
  isBundle: boolean
  isLeaf: boolean
  deploymentAction?: string
  /** WSUS classification name; absent for category/detectoid entries or an unknown classification GUID. */
  classification?: string
  classificationId?: string
  products: string[]
  productFamilies: string[]
  companies: string[]
  languages: string[]
  /** UpdateIds this one requires (an `<Or>` group flattened). */
  prerequisites: string[]
  /** UpdateIds of the updates that supersede this one. */
  supersededBy: string[]
  /** UpdateIds of the bundles that contain this one. */
  bundledBy: string[]
  /** Payload file digests (base64 SHA-1, the FileLocation Id) and their download URLs when listed. */
  files: Array<{ id: string; url?: string }>
}

/** A parsed package.xml (`<OfflineSyncPackage xmlns="http://schemas.microsoft.com/msus/2004/02/OfflineSync">`). */
export interface WsusCatalog {
  packageId: string
  creationDate: string
  protocolVersion?: string
  updates: WsusUpdate[]
  /** FileLocation Id → Url. */
  fileLocations: Map<string, string>
  /** Non-fatal findings, e.g. a SupersededBy revision not in this catalog. */
  warnings: string[]
}

type Raw = Omit<WsusUpdate, 'supersededBy' | 'bundledBy' | 'files'> & {
  supersededRevs: number[]
  bundledRevs: number[]
  fileIds: string[]
  line: number
}

const LISTS: Record<string, 'supersededRevs' | 'bundledRevs' | 'prerequisites' | 'languages' | 'fileIds'> = {
  SupersededBy: 'supersededRevs',
  BundledBy: 'bundledRevs',
  Prerequisites: 'prerequisites',
  Languages: 'languages',
  PayloadFiles: 'fileIds',
}

/**
 * Parses WSUS offline-catalog metadata (package.xml from wsusscn2.cab's package.cab): updates, their
 * categories, languages, prerequisites, payload files, FileLocations, and supersedence (SupersededBy
 * revision ids mapped to UpdateIds). package.xml carries no titles or KB numbers (those live in the
 * per-revision detail cabs). Throws CatalogError naming the file and line on malformed input.
 */
export function parseWsusPackageXml(xml: string, file = 'package.xml'): WsusCatalog {
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml
  const raws: Raw[] = []
  const fileLocations = new Map<string, string>()
  const path: string[] = []
  let cur: Raw | null = null
  let root: Record<string, string> | null = null
  const fail = (line: number, msg: string) => new CatalogError(`${file} line ${line}: ${msg}`)
  const guid = (v: string | undefined, what: string, line: number) => {
    if (!v || !isGuid(v)) throw fail(line, `${what} ${quote(v ?? '')} is not a GUID`)
    return normalizeGuid(v)
  }
  const int = (v: string | undefined, what: string, line: number) => {
    if (!v || !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)))
      throw fail(line, `${what} ${quote(v ?? '')} is not a non-negative integer`)
    return Number(v)
  }
  scanXml(text, file, {
    open(name, a, lineOf) {
      const parent = path[path.length - 1]
      path.push(name)
      if (path.length === 1) {
        if (name !== 'OfflineSyncPackage')
          throw fail(lineOf(), `root element is <${name}>, expected <OfflineSyncPackage>`)
        root = a
      } else if (name === 'Update' && parent === 'Updates' && path.length === 3) {
        const line = lineOf()
        const created = a['CreationDate'] ?? ''
        if (Number.isNaN(Date.parse(created)))
          throw fail(line, `CreationDate ${quote(created)} is not a date`)
        cur = {
          updateId: guid(a['UpdateId'], 'UpdateId', line),
          revisionNumber: int(a['RevisionNumber'], 'RevisionNumber', line),
          revisionId: int(a['RevisionId'], 'RevisionId', line),
          creationDate: new Date(created).toISOString(),
          isBundle: a['IsBundle'] === 'true',
          isLeaf: a['IsLeaf'] === 'true',
          products: [],
          productFamilies: [],
          companies: [],
          languages: [],
          prerequisites: [],
          supersededRevs: [],
          bundledRevs: [],
          fileIds: [],
          line,
        }
        if (a['DefaultLanguage']) cur.defaultLanguage = a['DefaultLanguage']
        if (a['DeploymentAction']) cur.deploymentAction = a['DeploymentAction']
        raws.push(cur)
      } else if (name === 'FileLocation' && parent === 'FileLocations') {
        if (!a['Id'] || !a['Url']) throw fail(lineOf(), 'FileLocation needs Id and Url')
        fileLocations.set(a['Id'], a['Url'])
      } else if (cur && name === 'Category' && parent === 'Categories') {
        const id = guid(a['Id'], 'Category Id', lineOf())
        const type = a['Type']
        if (type === 'UpdateClassification') {
          cur.classificationId = id
          const known = WSUS_CLASSIFICATIONS[id]
          if (known) cur.classification = known
        } else if (type === 'Product') cur.products.push(id)
        else if (type === 'ProductFamily') cur.productFamilies.push(id)
        else if (type === 'Company') cur.companies.push(id)
        else if (!type) throw fail(lineOf(), 'Category without Type')
      } else if (cur && parent && parent in LISTS) {
        const list = LISTS[parent]!
        if (list === 'supersededRevs' || list === 'bundledRevs')
          cur[list].push(int(a['Id'], `${parent} Revision Id`, lineOf()))
        else if (list === 'languages') cur.languages.push(a['Name'] ?? '')
        else if (list === 'fileIds') cur.fileIds.push(a['Id'] ?? '')
        else if (name === 'UpdateId') cur.prerequisites.push(guid(a['Id'], 'Prerequisite UpdateId', lineOf()))
      } else if (cur && parent === 'Or' && name === 'UpdateId') {
        cur.prerequisites.push(guid(a['Id'], 'Prerequisite UpdateId', lineOf()))
      }
    },
    close(name) {
      path.pop()
      if (name === 'Update' && path.length === 2) cur = null
    },
  })
  const r = root as Record<string, string> | null
  if (!r) throw new CatalogError(`${file}: no OfflineSyncPackage`)
  const byRevision = new Map<number, string>()
  for (const u of raws) {
    if (byRevision.has(u.revisionId)) throw fail(u.line, `RevisionId ${u.revisionId} appears twice`)
    byRevision.set(u.revisionId, u.updateId)
  }
  const warnings: string[] = []
  const resolve = (u: Raw, revs: number[], what: string) =>
    revs.flatMap((rev) => {
      const id = byRevision.get(rev)
      if (!id)
        warnings.push(
          `${file} line ${u.line}: update ${u.updateId} ${what} revision ${rev}, which is not in this catalog`,
        )
      return id && id !== u.updateId ? [id] : []
    })
  const updates = raws.map(({ supersededRevs, bundledRevs, fileIds, line: _line, ...u }): WsusUpdate => {
    const raw = { ...u, supersededRevs, bundledRevs, fileIds, line: _line }
    return {
      ...u,
      supersededBy: [...new Set(resolve(raw, supersededRevs, 'is superseded by'))],
      bundledBy: [...new Set(resolve(raw, bundledRevs, 'is bundled by'))],
      files: fileIds.map((id) => (fileLocations.has(id) ? { id, url: fileLocations.get(id)! } : { id })),
    }
  })
  const out: WsusCatalog = {
    packageId: r['PackageId'] ?? '',
    creationDate: r['CreationDate'] ?? '',
    updates,
    fileLocations,
    warnings,
  }
  if (r['ProtocolVersion']) out.protocolVersion = r['ProtocolVersion']
  return out
}
