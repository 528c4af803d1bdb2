// Rows of wizard (deployment) packages: their settings, per-update programs, updates and file counts.
import type { Selectable } from 'kysely'
import type { DeploymentPackageDto, UpdateProgramDto, WizardSettingsDto } from '../../../shared/dto/wizard'
import { PatchbayError } from '../../../shared/errors'
import type { WizardPackageTable } from '../../site/schema-wizard'
import type { Db } from '../runtime/site-context'

/** The wizard_package columns holding a package's installation agent and notification settings. */
type SettingsRow = Pick<
  Selectable<WizardPackageTable>,
  | 'release_notes'
  | 'inventory_program'
  | 'inventory_after_install'
  | 'postpone_restarts'
  | 'unattended'
  | 'countdown_minutes'
  | 'after_countdown'
  | 'notify_users'
  | 'allow_postpone'
  | 'postpone_max_hours'
>

/** Settings as stored (booleans as 0/1). */
export function settingsRow(s: WizardSettingsDto): SettingsRow {
  return {
    release_notes: s.releaseNotes,
    inventory_program: s.inventoryProgram,
    inventory_after_install: s.inventoryAfterInstall ? 1 : 0,
    postpone_restarts: s.postponeRestarts,
    unattended: s.unattended ? 1 : 0,
    countdown_minutes: s.countdownMinutes,
    after_countdown: s.afterCountdown,
    notify_users: s.notifyUsers ? 1 : 0,
    allow_postpone: s.allowPostpone ? 1 : 0,
    postpone_max_hours: s.postponeMaxHours,
  }
}

function settingsOf(r: SettingsRow): WizardSettingsDto {
  return {
    releaseNotes: r.release_notes,
    inventoryProgram: r.inventory_program,
    inventoryAfterInstall: Number(r.inventory_after_install) === 1,
    postponeRestarts: r.postpone_restarts as WizardSettingsDto['postponeRestarts'],
    unattended: Number(r.unattended) === 1,
    countdownMinutes: Number(r.countdown_minutes),
    afterCountdown: r.after_countdown as WizardSettingsDto['afterCountdown'],
    notifyUsers: Number(r.notify_users) === 1,
    allowPostpone: Number(r.allow_postpone) === 1,
    postponeMaxHours: Number(r.postpone_max_hours),
  }
}

/** Deployment packages (made by the wizard or a bundle import) with their updates, programs and files. */
export async function readDeploymentPackages(db: Db, ids?: string[]): Promise<DeploymentPackageDto[]> {
  let q = db
    .selectFrom('wizard_package as w')
    .innerJoin('package as p', 'p.id', 'w.package_id')
    .selectAll('w')
    .select(['p.name', 'p.source_path', 'p.sending_priority', 'p.manufacturer', 'p.updated_at as p_updated'])
    .orderBy('w.package_id')
  if (ids) q = q.where('w.package_id', 'in', ids)
  const rows = await q.execute()
  if (rows.length === 0) return []
  const pkgIds = rows.map((r) => r.package_id)
  const updates = await db
    .selectFrom('package_update')
    .select(['package_id', 'update_id'])
    .where('package_id', 'in', pkgIds)
    .orderBy('update_id')
    .execute()
  const programs = await db
    .selectFrom('wizard_update_program')
    .selectAll()
    .where('package_id', 'in', pkgIds)
    .orderBy('update_id')
    .execute()
  const files = await db
    .selectFrom('package_file')
    .select([
      'package_id',
      (eb) => eb.fn.countAll<string | number>().as('n'),
      (eb) => eb.fn.sum<string | number>('size').as('bytes'),
    ])
    .where('package_id', 'in', pkgIds)
    .groupBy('package_id')
    .execute()
  const fileOf = new Map(files.map((f) => [f.package_id, f]))
  return rows.map((r) => ({
    packageId: r.package_id,
    name: r.name,
    origin: r.origin as DeploymentPackageDto['origin'],
    platform: r.platform as DeploymentPackageDto['platform'],
    updateType: r.update_type,
    sourcePath: r.source_path,
    sendingPriority: r.sending_priority as DeploymentPackageDto['sendingPriority'],
    publisher: r.manufacturer,
    programName: r.program_name,
    updateListId: r.update_list_id,
    updateIds: updates.filter((u) => u.package_id === r.package_id).map((u) => u.update_id),
    programs: programs
      .filter((p) => p.package_id === r.package_id)
      .map((p): UpdateProgramDto => ({
        updateId: p.update_id,
        program: p.program,
        commandLine: p.command_line,
        arguments: p.arguments,
        verified: Number(p.verified) === 1,
      })),
    settings: settingsOf(r),
    files: Number(fileOf.get(r.package_id)?.n ?? 0),
    size: Number(fileOf.get(r.package_id)?.bytes ?? 0),
    updatedAt: r.updated_at,
  }))
}

/** One deployment package; not-found when the package is not one. */
export async function readDeploymentPackage(db: Db, id: string): Promise<DeploymentPackageDto> {
  const [found] = await readDeploymentPackages(db, [id])
  if (!found)
    throw new PatchbayError(
      'not-found',
      `Package ${id} is not a software update (deployment) package`,
      'packageId',
    )
  return found
}

/** Replaces the per-update programs of a package. */
export async function writeUpdatePrograms(
  trx: Db,
  packageId: string,
  programs: UpdateProgramDto[],
): Promise<void> {
  await trx.deleteFrom('wizard_update_program').where('package_id', '=', packageId).execute()
  for (let i = 0; i < programs.length; i += 200)
    await trx
      .insertInto('wizard_update_program')
      .values(
        programs.slice(i, i + 200).map((p) => ({
          package_id: packageId,
          update_id: p.updateId,
          program: p.program,
          command_line: p.commandLine,
          arguments: p.arguments,
          verified: p.verified ? 1 : 0,
        })),
      )
      .execute()
}

/** The installation agent and notification settings of a wizard package, or null for any other package. */
export async function wizardSettingsOf(db: Db, packageId: string): Promise<WizardSettingsDto | null> {
  const row = await db
    .selectFrom('wizard_package')
    .selectAll()
    .where('package_id', '=', packageId)
    .executeTakeFirst()
  return row ? settingsOf(row) : null
}
