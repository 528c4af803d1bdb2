import { parseAnsibleInventory } from './ansible-inventory'
import { parseHostsCsv } from './csv'
import { resolveFormat } from './detect-format'
import { parseSshConfig, type SshConfigImportOptions } from './ssh-config'
import type { ImportFileFormat, ImportFormatOption, ImportResult } from './types'

// The import API, for the CLI (`client import`) and the console's import dialog.
export { parseAnsibleInventory, type AnsibleImportOptions } from './ansible-inventory'
export { parseHostsCsv, CSV_COLUMNS, type CsvImportOptions } from './csv'
export { detectFormat, resolveFormat } from './detect-format'
export { nodeImportFs, type ImportFs, type HomeOptions } from './paths'
export { parseSshConfig, type SshConfigImportOptions } from './ssh-config'
export * from './types'
export { validateHosts, safeName, isValidName, isValidAddress } from './validate'

/** Options for any import format (the ssh-config-only ones are ignored by the others). */
export type ImportOptions = SshConfigImportOptions

/** Parses an import file in a given format (a CLI `--format` or a detected one); throws an ImportError. */
export function parseImport(
  format: ImportFileFormat | ImportFormatOption,
  text: string,
  options: ImportOptions,
): ImportResult {
  const concrete = format === 'ansible' ? resolveFormat(format, options.file, text) : format
  switch (concrete) {
    case 'csv':
      return parseHostsCsv(text, options)
    case 'ssh-config':
      return parseSshConfig(text, options)
    case 'ansible-ini':
      return parseAnsibleInventory(text, { ...options, syntax: 'ini' })
    case 'ansible-yaml':
      return parseAnsibleInventory(text, { ...options, syntax: 'yaml' })
  }
}
