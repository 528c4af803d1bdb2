import { describe, expect, it } from 'vitest'
import {
  branchRowFor,
  complianceBranchTable,
  decide,
  RECHECK_DELAY_SECONDS,
} from '../../../../main/core/deployments/branch-table'
import { UpdateApplicability, UpdateEnforcementState } from '../../../../shared/state-ids'

// The published table "Status LEM ID Action to take" (Opalis Hyper-V cluster patching with ConfigMgr), copied verbatim.
const seedTable = `
0 0 In progress… delay 60 seconds and re-check status
2 1 In progress… delay 60 seconds and re-check status
2 2 In progress… delay 60 seconds and re-check status
2 3 In progress… delay 60 seconds and re-check status
2 4 In progress… delay 60 seconds and re-check status
2 5 Restart the system, wait for it to reboot, then restart compliance status check
2 6 Failure occurred - create a new Service Manager ticket using a template
2 7 In progress… delay 60 seconds and re-check status
2 8 In progress… delay 60 seconds and re-check status
2 9 Restart the system, wait for it to reboot, then restart compliance status check
3 10 Done with this update
2 11 Failure occurred - create a new Service Manager ticket using a template
2 12 In progress… delay 60 seconds and re-check status
2 13 In progress… delay 60 seconds and re-check status
2 14 Failure occurred - create a new Service Manager ticket using a template
1 n/a Done with this update
`
  .trim()
  .split('\n')
  .map((line) => {
    const [status, lem, ...text] = line.split(' ')
    return {
      status: Number(status),
      lem: lem === 'n/a' ? ('n/a' as const) : Number(lem),
      text: text.join(' '),
    }
  })

// How each of the table's action texts maps onto an action.
const actionOf: Record<string, string> = {
  'In progress… delay 60 seconds and re-check status': 'wait-and-recheck',
  'Restart the system, wait for it to reboot, then restart compliance status check': 'restart-then-recheck',
  'Failure occurred - create a new Service Manager ticket using a template': 'open-ticket',
  'Done with this update': 'done',
}

describe('the compliance-check branch table', () => {
  it.each(seedTable)('Status $status, LEM $lem → $text', ({ status, lem, text }) => {
    const expected = actionOf[text]
    expect(expected).toBeDefined()
    if (lem === 'n/a') {
      // "n/a": the last enforcement message does not matter, including none at all.
      for (const any of [null, 0, 4, 10, 14]) expect(decide(status, any)).toBe(expected)
    } else {
      expect(decide(status, lem)).toBe(expected)
    }
    expect(branchRowFor(status, lem === 'n/a' ? null : lem)?.seedText).toBe(text)
  })

  it('holds exactly the seed rows, in the seed order', () => {
    expect(
      complianceBranchTable.map((r) => ({
        status: r.status,
        lem: r.lastEnforcementStateId,
        text: r.seedText,
      })),
    ).toEqual(seedTable)
    expect(RECHECK_DELAY_SECONDS).toBe(60)
  })

  it('reads with the named state IDs: required + pending restart restarts, installed + success is done', () => {
    expect(decide(UpdateApplicability.Required, UpdateEnforcementState.PendingSystemRestart)).toBe(
      'restart-then-recheck',
    )
    expect(decide(UpdateApplicability.Installed, UpdateEnforcementState.Installed)).toBe('done')
    expect(decide(UpdateApplicability.Required, UpdateEnforcementState.FailedToDownload)).toBe('open-ticket')
  })

  it('answers unlisted for pairs the seed has no row for, instead of guessing', () => {
    expect(decide(2, 0)).toBe('unlisted') // required, enforcement state unknown
    expect(decide(2, 10)).toBe('unlisted') // still required after "successfully installed"
    expect(decide(3, 8)).toBe('unlisted') // installed while "installing update"
    expect(decide(0, null)).toBe('unlisted') // unknown, no enforcement message yet
    expect(decide(0, 6)).toBe('unlisted')
    expect(decide(4, 0)).toBe('unlisted') // no such status
    expect(branchRowFor(2, 0)).toBeNull()
  })
})
