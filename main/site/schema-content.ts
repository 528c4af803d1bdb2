/** Tables of the site database for: Package content: the files of update packages, where they came from and how they verified. */
export interface PackageContentTables {
  /** The software updates a package carries (its content comes from their update_file rows). */
  package_update: { package_id: string; update_id: string }
  /** Which update each recorded package file (package_file) belongs to; null for files added by hand. */
  package_file_origin: { package_id: string; path: string; update_id: string | null }
}
