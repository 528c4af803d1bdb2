import { removeTestMachineState } from '../support/machine-state'

/** After the E2E run: removes the accounts, apt sources and package the tests created. */
export default function globalTeardown(): void {
  removeTestMachineState()
}
