import type { Channel, ChannelOutput, ChannelParsed } from '../../../shared/contract'

/** One service function per channel: validated input in, response out. */
export type Handlers = { [C in Channel]: (input: ChannelParsed<C>) => Promise<ChannelOutput<C>> }
