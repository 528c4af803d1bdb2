import { useRunTmpdir } from '../support/machine-state'

/** Before the E2E run: gives it its own temp folder (workers inherit TMPDIR); returns the teardown. */
export default function globalSetup(): () => void {
  return useRunTmpdir()
}
