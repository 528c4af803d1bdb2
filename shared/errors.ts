import { z } from 'zod'

/** Error codes every front door understands. */
export const errorCodes = [
  'invalid-input',
  'not-found',
  'conflict',
  'forbidden',
  'unavailable',
  'internal',
] as const

/** A machine-readable error code. */
export type ErrorCode = (typeof errorCodes)[number]

/** The wire shape of an error crossing the process boundary. */
export const errorDto = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  field: z.string().optional(),
})

/** An error as the renderer and CLI see it. */
export type ErrorDto = z.infer<typeof errorDto>

/** An error with a code and, for bad input, the field it concerns; its message is meant for the user. */
export class PatchbayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'PatchbayError'
  }

  /** The wire shape of this error. */
  toDto(): ErrorDto {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field }
  }

  /** Rebuilds an error received over the wire. */
  static fromDto(dto: ErrorDto): PatchbayError {
    return new PatchbayError(dto.code, dto.message, dto.field)
  }
}

/** Turns a zod failure into one readable sentence naming the field that is wrong. */
export function describeZodError(error: z.ZodError): PatchbayError {
  const issue = error.issues[0]
  if (!issue) return new PatchbayError('invalid-input', 'The input is not valid.')
  const field = issue.path.map(String).join('.')
  const where = field ? `${field}: ` : ''
  return new PatchbayError('invalid-input', `${where}${issue.message}`, field || undefined)
}

/** Any thrown value as an ErrorDto, without leaking internals of unexpected errors beyond their message. */
export function toErrorDto(err: unknown): ErrorDto {
  if (err instanceof PatchbayError) return err.toDto()
  if (err instanceof z.ZodError) return describeZodError(err).toDto()
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'internal', message }
}
