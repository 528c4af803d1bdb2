import { Command } from 'commander'
import type { Transport } from '../../shared/contract'
import type { PackageDpStatusDto } from '../../shared/dto/distribution'
import type { TaskDto } from '../../shared/dto/task'
import type { WizardFinishDto } from '../../shared/dto/wizard'
import { PatchbayError } from '../../shared/errors'
import { bytes, runOptionalTask } from './bundle'
import { output, withTransport } from './context'
import { statusTable } from './distribution'
import { formatTable } from './format'
import { requireByRef } from './resolve'
import { ALL_REQUIRED, readWizardAnswers, type WizardAnswers } from './wizard-answers'

/** What `wizard run --json` prints: the download, what Finish made, the distribution and the points' states. */
export interface WizardRunResult {
  updateIds: string[]
  download: TaskDto | null
  finish: WizardFinishDto
  distribution: TaskDto | null
  status: PackageDpStatusDto[]
}

/** The answer file's update type, or an error listing the known ones. */
async function checkUpdateType(t: Transport, key: string): Promise<void> {
  const types = await t.invoke('wizard:update-types', {})
  if (!types.some((x) => x.key === key))
    throw new PatchbayError(
      'invalid-input',
      `answers file: updateType: no update type "${key}" (known: ${types.map((x) => `"${x.key}"`).join(', ') || 'none; sync a catalog first'})`,
      'updateType',
    )
}

/** The update IDs the answers choose: "all-required" expands to every candidate a client reported Required that has a file to download. */
async function chosenUpdates(t: Transport, a: WizardAnswers): Promise<string[]> {
  const candidates = await t.invoke('wizard:candidates', { updateType: a.updateType, packageId: a.packageId })
  if (a.updateIds === ALL_REQUIRED) {
    const required = candidates.filter((c) => c.required > 0)
    const fileless = required.filter((c) => c.files === 0)
    if (fileless.length > 0)
      process.stderr.write(
        `Left out ${fileless.length} required update(s) with no downloadable file in the catalog: ${fileless.map((c) => c.id).join(', ')}\n`,
      )
    const ids = required.filter((c) => c.files > 0).map((c) => c.id)
    if (ids.length === 0)
      throw new PatchbayError(
        'invalid-input',
        `answers file: updateIds: no update of type "${a.updateType}" with a downloadable file is required by any client (scan the clients first)`,
        'updateIds',
      )
    return ids
  }
  const known = new Set(candidates.map((c) => c.id))
  const unknown = a.updateIds.filter((id) => !known.has(id))
  if (unknown.length > 0)
    throw new PatchbayError(
      'invalid-input',
      `answers file: updateIds: ${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not an update of type "${a.updateType}" that a client reported (see \`patchbay wizard candidates --type "${a.updateType}"\`)`,
      'updateIds',
    )
  return a.updateIds
}

/** Distribution point names or IDs as resource IDs. */
async function pointIds(t: Transport, refs: WizardAnswers['distributionPointIds']): Promise<number[]> {
  if (refs.length === 0) return []
  const points = await t.invoke('distribution:points', {})
  return refs.map((ref) =>
    typeof ref === 'number' ? ref : requireByRef(points, ref, 'Distribution point').id,
  )
}

/** Ends the command when a task failed: what stays behind, then the one `patchbay: …` line. */
function taskFailed(task: TaskDto, what: string): never {
  throw new PatchbayError('unavailable', `${what}: ${(task.error || task.state).split('\n')[0]}`)
}

const answersHelp = `
The answer file is the wizard's Finish input as JSON, as an unattended install takes its answers:
  {
    "name": "Bookworm security",            package name (required)
    "programName": "Install",               program name (required)
    "updateType": "debian|Security Updates", see \`patchbay wizard types\` (required)
    "sourcePath": "/srv/pkg/bookworm-sec",  package source folder; relative to the file's folder (required)
    "updateIds": "${ALL_REQUIRED}",             or ["deb:openssl:amd64:3.0.13-1~deb12u1", …] (required;
                                            ${ALL_REQUIRED}: every update of the type a client needs
                                            that the catalog has a file for)
    "distributionPointIds": ["dp-01"],      names or IDs of distribution points (default none)
    "publisher": "", "sendingPriority": "medium", "packageId": "LAB00012" (change that package),
    "programs": [ … ], "settings": { "countdownMinutes": 5, "unattended": true, … }
  }
A field that is missing, misspelt or of the wrong type is named in the error; nothing is downloaded then.
The run downloads the missing update files (progress on stderr), finishes the package (program, update
list, files, settings) and waits for the distribution. A failed download keeps the files fetched so far:
run the same command again to resume. Exit code 1 when the download or the distribution failed.

Example:
  patchbay wizard run --answers bookworm-security.json --json`

/** `patchbay wizard types|candidates|packages|run`: the Distribute Software Updates wizard. */
export function wizardCommand(): Command {
  const wizard = new Command('wizard').description(
    'Distribute Software Updates wizard: update types, candidates, deployment packages, unattended runs',
  )

  wizard
    .command('types')
    .description('update types (vendor × classification) with how many updates clients reported')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('wizard:update-types', {}))
      output(cmd, rows, () =>
        formatTable(rows, [
          { header: 'Key', value: (r) => r.key },
          { header: 'Label', value: (r) => r.label },
          { header: 'Updates', value: (r) => r.updates, right: true },
          { header: 'Applicable', value: (r) => r.applicable, right: true },
        ]),
      )
    })

  wizard
    .command('candidates')
    .description('updates of one type that clients reported Required or Installed')
    .requiredOption('--type <key>', 'update type key, e.g. "debian|Security Updates"')
    .action(async (opts: { type: string }, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('wizard:candidates', { updateType: opts.type }))
      output(cmd, rows, () =>
        formatTable(rows, [
          { header: 'ID', value: (r) => r.id },
          { header: 'Title', value: (r) => r.title },
          { header: 'Required', value: (r) => r.required, right: true },
          { header: 'Installed', value: (r) => r.installed, right: true },
          { header: 'Size', value: (r) => bytes(r.size), right: true },
        ]),
      )
    })

  wizard
    .command('packages')
    .description('deployment packages the wizard made or a bundle import brought')
    .action(async (_opts: object, cmd: Command) => {
      const rows = await withTransport(cmd, (t) => t.invoke('wizard:packages', {}))
      output(cmd, rows, () =>
        formatTable(rows, [
          { header: 'ID', value: (r) => r.packageId },
          { header: 'Name', value: (r) => r.name },
          { header: 'Type', value: (r) => r.updateType },
          { header: 'Updates', value: (r) => r.updateIds.length, right: true },
          { header: 'Files', value: (r) => r.files, right: true },
          { header: 'Source', value: (r) => r.sourcePath },
        ]),
      )
    })

  wizard
    .command('run')
    .description('run the wizard unattended from an answer file: download, finish, distribute')
    .requiredOption('--answers <file>', 'JSON answer file (see below)')
    .addHelpText('after', answersHelp)
    .action(async (opts: { answers: string }, cmd: Command) => {
      const answers = readWizardAnswers(opts.answers)
      const result = await withTransport(cmd, async (t): Promise<WizardRunResult> => {
        await checkUpdateType(t, answers.updateType)
        const updateIds = await chosenUpdates(t, answers)
        const distributionPointIds = await pointIds(t, answers.distributionPointIds)
        process.stderr.write(`Downloading ${updateIds.length} update(s) into ${answers.sourcePath}…\n`)
        let sessionId: string | undefined
        const download = await runOptionalTask(t, async () => {
          const d = await t.invoke('wizard:download', { folder: answers.sourcePath, updateIds })
          sessionId = d.sessionId
          return d.task
        })
        if (download && download.state !== 'succeeded')
          taskFailed(
            download,
            `download failed (files fetched so far stay in ${answers.sourcePath}; run again to resume)`,
          )
        let finish: WizardFinishDto | undefined
        const distribution = await runOptionalTask(t, async () => {
          const { updateIds: _all, distributionPointIds: _dps, ...rest } = answers
          finish = await t.invoke('wizard:finish', { ...rest, sessionId, updateIds, distributionPointIds })
          if (finish.distribution) process.stderr.write(`Distributing package ${finish.packageId}…\n`)
          return finish.distribution
        })
        const made = finish as WizardFinishDto
        const status = distribution
          ? await t.invoke('distribution:status', { packageId: made.packageId })
          : []
        return { updateIds, download, finish: made, distribution, status }
      })
      const f = result.finish
      output(cmd, result, () =>
        [
          `${f.created ? 'Created' : 'Changed'} package ${f.packageId} "${answers.name}": ${f.files} file(s), ${f.added} update(s) added, ${f.removed} removed; update list ${f.updateListId ?? '(none)'}; program(s) ${f.programNames.join(', ')}.`,
          result.distribution
            ? `${result.distribution.title}: ${result.distribution.state}\n${statusTable(result.status)}`
            : 'Not distributed (no distributionPointIds).',
        ].join('\n'),
      )
      if (result.distribution && result.distribution.state !== 'succeeded')
        taskFailed(result.distribution, `distribution of ${f.packageId} failed`)
    })

  return wizard
}
