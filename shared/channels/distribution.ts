// Distribution points and package status per distribution point (#7): channels spread into the one contract in ../contract.ts.
// import { z } from 'zod'
// import { channel } from '../channel'

/** Channels of this domain: name → { input, output } schemas. */
export const distributionChannels = {} as const
