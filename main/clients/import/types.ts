import type { Platform } from '../../../shared/dto/resource'
import { oneLine } from '../parsing/one-line'

/** One host read from an import file, before it becomes a resource (and its groups collections). */
export interface ImportedHost {
  /** The resource name (the ssh alias, inventory host name or CSV `name`), as Patchbay accepts it. */
  name: string
  /** Host name or IP address to connect to. */
  address: string
  port: number
  /** Login user; '' when the file does not say (the connection default applies). */
  user: string
  /** Private key path with `~` and tokens expanded; '' when the file does not say. */
  identityFile: string
  platform: Platform
  /** Collection names to create or add the resource to. */
  groups: string[]
  /** 1-based line in `file` (or the imported file) where the host is defined. */
  line: number
  /** Set when the host comes from another file than the one imported (an ssh `Include`). */
  file?: string
  /** Every variable the inventory sets for the host, after inheritance, as strings (Ansible only). */
  vars?: Record<string, string>
}

/** What an import file yields: every host, plus warnings about what was skipped or changed. */
export interface ImportResult {
  hosts: ImportedHost[]
  warnings: string[]
}

/** The concrete file formats an importer reads. */
export type ImportFileFormat = 'csv' | 'ansible-ini' | 'ansible-yaml' | 'ssh-config'

/** Formats the CLI accepts with --format ("ansible" is INI or YAML, told apart by content). */
export type ImportFormatOption = 'csv' | 'ansible' | 'ssh-config'

/** Why an import failed, on one line: the file, the line (when known) and what is wrong; nothing is imported. */
export class ImportError extends Error {
  override readonly name = 'ImportError'
  readonly problem: string

  constructor(
    readonly file: string,
    readonly line: number | undefined,
    problem: string,
  ) {
    const what = oneLine(problem)
    super(oneLine(line === undefined ? `${file}: ${what}` : `${file} line ${line}: ${what}`))
    this.problem = what
  }
}

/** The default ssh port, used when a file leaves the port out. */
export const DEFAULT_SSH_PORT = 22
