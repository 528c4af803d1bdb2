/** Tables of the site database for: Distribute Software Updates wizard: per-package installation agent and notification settings (#7). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WizardTables {}
