// Package content, offline bundles and signing keys (#7): channels spread into the one contract in ../contract.ts.
// import { z } from 'zod'
// import { channel } from '../channel'

/** Channels of this domain: name → { input, output } schemas. */
export const contentChannels = {} as const
