/**
 * ConfigMgr state topics and state names (v_StateNames), as ConfigMgr 2007 and Microsoft's
 * "State messaging in Configuration Manager" article list them. Topics 300–501 carry every state;
 * ConfigMgr also has topics 800–1101, named here without their individual states.
 */

/** A topic type: the source of a state message. */
export interface StateTopic {
  topicType: number
  name: string
  values: string
}

/** Every topic type Patchbay names, with its range of state IDs. */
export const stateTopics: readonly StateTopic[] = [
  { topicType: 300, name: 'Update List Compliance', values: '0-3' },
  { topicType: 301, name: 'Update Install State', values: '0-10' },
  { topicType: 302, name: 'Deployment Evaluation', values: '0-3' },
  { topicType: 400, name: 'DCM Detection State', values: '0-3' },
  { topicType: 401, name: 'DCM Compliance State', values: '0-4' },
  { topicType: 402, name: 'Update Enforcement State', values: '0-14' },
  { topicType: 500, name: 'Update Applicability', values: '0-3' },
  { topicType: 501, name: 'Update Scan State', values: '0-7' },
  { topicType: 800, name: 'Client Installation State', values: '100,301-319,400,500,601-609,700' },
  { topicType: 1000, name: 'Client Health w/ MP', values: '1-2' },
  { topicType: 1100, name: 'Client native Mode Readiness', values: '1-2' },
  { topicType: 1101, name: 'Client Certificate State', values: '1-2' },
]

const table = `
300 0 Compliance state unknown
300 1 Compliant
300 2 Non-compliant
300 3 Conflict detected
301 0 Enforcement state unknown
301 1 Installing update(s)
301 2 Waiting for restart
301 3 Waiting for another installation to complete
301 4 Successfully installed update(s)
301 5 Pending system restart
301 6 Failed to install update(s)
301 7 Downloading update(s)
301 8 Downloaded update(s)
301 9 Failed to download update(s)
301 10 Waiting for maintenance window before installing
301 11 Waiting for third-party orchestrator to initiate installation
302 0 Evaluation state unknown
302 1 Evaluation activated
302 2 Evaluation succeeded
302 3 Evaluation failed
400 0 Detection state unknown
400 1 Not Required
400 2 Not Detected
400 3 Detected
401 0 Compliance state unknown
401 1 Compliant
401 2 Non-Compliant
401 3 Conflict Detected
401 4 Error
401 5 Not Applicable
401 6 Not Detected
401 7 Enforced
402 0 Enforcement state unknown
402 1 Enforcement started
402 2 Enforcement waiting for content
402 3 Waiting for another installation to complete
402 4 Waiting for maintenance window before installing
402 5 Restart required before installing
402 6 General failure
402 7 Pending installation
402 8 Installing update
402 9 Pending system restart
402 10 Successfully installed update
402 11 Failed to install update
402 12 Downloading update
402 13 Downloaded update
402 14 Failed to download update
500 0 Detection state unknown
500 1 Update is not required
500 2 Update is required
500 3 Update is installed
501 0 Scan state unknown
501 1 Scan is waiting for catalog location
501 2 Scan is running
501 3 Scan completed
501 4 Scan is pending retry
501 5 Scan failed
501 6 Scan completed with errors
`

/** One row of v_StateNames. */
export interface StateName {
  topicType: number
  stateId: number
  stateName: string
}

/** Every state name of topics 300–501, in topic and state order. */
export const stateNames: readonly StateName[] = table
  .trim()
  .split('\n')
  .map((line) => {
    const [topic, id, ...name] = line.split(' ')
    return { topicType: Number(topic), stateId: Number(id), stateName: name.join(' ') }
  })

/** The name of a state, or a placeholder naming the unknown pair. */
export function stateNameOf(topicType: number, stateId: number): string {
  return (
    stateNames.find((s) => s.topicType === topicType && s.stateId === stateId)?.stateName ??
    `Unknown state ${topicType}/${stateId}`
  )
}
