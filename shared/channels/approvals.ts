// Approvals, compliance checks, recommendations, update lists, rules, search folders and deployment templates (#3): channels spread into the one contract in ../contract.ts.
// import { z } from 'zod'
// import { channel } from '../channel'

/** Channels of this domain: name → { input, output } schemas. */
export const approvalChannels = {} as const
