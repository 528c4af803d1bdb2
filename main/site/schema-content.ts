/** Tables of the site database for: Package content: the files of update packages, where they came from and how they verified (#7). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PackageContentTables {}
