// The wizard's offline mode: update types and updates read from an exported catalog snapshot.
import type { CandidateDto, UpdateTypeDto } from '../../shared/dto/wizard'
import { PatchbayError } from '../../shared/errors'

/** Update types of a catalog snapshot (every update counts as applicable: no client reports offline). */
export async function snapshotUpdateTypes(file: string): Promise<UpdateTypeDto[]> {
  throw new PatchbayError('unavailable', `Cannot read catalog snapshot ${file} yet`)
}

/** The updates of one type in a catalog snapshot. */
export async function snapshotCandidates(file: string, updateType: string): Promise<CandidateDto[]> {
  throw new PatchbayError('unavailable', `Cannot read catalog snapshot ${file} (${updateType}) yet`)
}
