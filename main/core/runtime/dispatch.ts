import { excerpt, oneLine } from '../../clients/parsing/one-line'
import { channels, type Channel, type Result } from '../../../shared/contract'
import { PatchbayError, describeZodError, toErrorDto, type ErrorDto } from '../../../shared/errors'
import type { Handlers } from './handlers'
import { confineLocalPaths, type LocalPathPolicy } from './local-paths'

/** What dispatch calls into: the handlers, and the folders local paths are confined to (none: not confined). */
export interface DispatchTarget {
  handlers: Handlers
  localPaths?: LocalPathPolicy
}

/** True when the name is a channel of the contract. */
export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(channels, name)
}

/** A refused payload as one bounded line: field names come from the payload (record keys) and may hold anything. */
function inputError(dto: ErrorDto): ErrorDto {
  const out: ErrorDto = { code: dto.code, message: oneLine(dto.message) }
  if (dto.field !== undefined) out.field = oneLine(dto.field)
  return out
}

/**
 * The one guard every binding calls: checks the channel exists, validates the input against the
 * contract, confines the channel's local path fields to the allowed folders when the services run with
 * a path policy (browser mode), runs the handler and wraps the outcome. Never throws; a refused channel
 * or payload is named on one line.
 */
export async function dispatch(
  target: DispatchTarget,
  channel: string,
  rawInput: unknown,
): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel)) throw new PatchbayError('not-found', `Unknown channel "${excerpt(channel, 80)}"`)
    const parsed = channels[channel].input.safeParse(rawInput ?? {})
    if (!parsed.success) return { ok: false, error: inputError(describeZodError(parsed.error).toDto()) }
    const input = target.localPaths
      ? await confineLocalPaths(target.localPaths, channels[channel].paths, parsed.data)
      : parsed.data
    const handler = target.handlers[channel] as (input: unknown) => Promise<unknown>
    const value = await handler(input)
    return { ok: true, value }
  } catch (err) {
    return { ok: false, error: toErrorDto(err) }
  }
}
