import { channels, type Channel, type Result } from '../../../shared/contract'
import { PatchbayError, toErrorDto } from '../../../shared/errors'
import type { Handlers } from './handlers'

/** True when the name is a channel of the contract. */
export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(channels, name)
}

/**
 * The one guard every binding calls: checks the channel exists, validates the input against the
 * contract, runs the handler and wraps the outcome. Never throws.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  rawInput: unknown,
): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel))
      throw new PatchbayError('not-found', `Unknown channel ${JSON.stringify(channel)}`)
    const input = channels[channel].input.parse(rawInput ?? {})
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>
    const value = await handler(input)
    return { ok: true, value }
  } catch (err) {
    return { ok: false, error: toErrorDto(err) }
  }
}
