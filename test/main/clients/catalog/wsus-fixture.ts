/** One update for `buildPackageXml`. */
export interface FixtureUpdate {
  id: string
  rev: number
  revNo?: number
  created?: string
  classification?: string
  products?: string[]
  bundle?: boolean
  supersededBy?: number[]
  bundledBy?: number[]
  languages?: string[]
  prereqs?: string[]
  files?: string[]
}

/** Writes package.xml in the published OfflineSyncPackage format (as in wsusscn2.cab's package.cab). */
export function buildPackageXml(updates: FixtureUpdate[], locations: Array<[string, string]>): string {
  const u = updates.map((x) => {
    const cats = [
      `<Category Type="Company" Id="56309036-4c77-4dd9-951a-99ee9c246a94" />`,
      ...(x.products ?? []).map((p) => `<Category Type="Product" Id="${p}" />`),
      ...(x.classification ? [`<Category Type="UpdateClassification" Id="${x.classification}" />`] : []),
    ]
    const parts = [
      `<Categories>${cats.join('')}</Categories>`,
      x.prereqs?.length
        ? `<Prerequisites>${x.prereqs.map((p) => `<UpdateId Id="${p}" />`).join('')}</Prerequisites>`
        : '',
      x.files?.length
        ? `<PayloadFiles>${x.files.map((f) => `<File Id="${f}" />`).join('')}</PayloadFiles>`
        : '',
      x.languages?.length
        ? `<Languages>${x.languages.map((l) => `<Language Name="${l}" />`).join('')}</Languages>`
        : '',
      x.supersededBy?.length
        ? `<SupersededBy>${x.supersededBy.map((r) => `<Revision Id="${r}" />`).join('')}</SupersededBy>`
        : '',
      x.bundledBy?.length
        ? `<BundledBy>${x.bundledBy.map((r) => `<Revision Id="${r}" />`).join('')}</BundledBy>`
        : '',
    ].join('')
    const attrs = `CreationDate="${x.created ?? '2024-05-14T17:00:00Z'}" DefaultLanguage="en" UpdateId="${x.id}" RevisionNumber="${x.revNo ?? 200}" RevisionId="${x.rev}" IsLeaf="true"${x.bundle ? ' IsBundle="true"' : ' DeploymentAction="Bundle"'}`
    return `<Update ${attrs}>${parts}</Update>`
  })
  const locs = locations.map(([id, url]) => `<FileLocation Id="${id}" Url="${url}" />`).join('')
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<OfflineSyncPackage MinimumClientVersion="5.8.0.2678" ProtocolVersion="1.0" ` +
    `PackageId="a4d33aa0-5d1f-4ab7-bb53-78eb3c7fd776" SourceId="8af5b5e4-1eb7-4fad-aac4-cb031bc3147e" ` +
    `CreationDate="2024-05-15T01:02:03Z" PackageVersion="1.1" xmlns="http://schemas.microsoft.com/msus/2004/02/OfflineSync">` +
    `<Updates>\n${u.join('\n')}\n</Updates><FileLocations>${locs}</FileLocations></OfflineSyncPackage>\n`
  )
}
