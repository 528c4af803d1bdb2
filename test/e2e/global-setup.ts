import { beginTestRun } from '../support/machine-state'

/** Before the E2E run: registers it and gives it its own temp folder (workers inherit TMPDIR); returns its end. */
export default function globalSetup(): () => void {
  return beginTestRun()
}
