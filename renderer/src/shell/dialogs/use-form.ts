import { useRef, useState } from 'react'
import type { z } from 'zod'
import { PatchbayError } from '../../../../shared/errors'
import { toPatchbayError } from '../../transport/result'

/** Errors of one form: per field (client or service) plus the service's rejection. */
export interface FormState {
  busy: boolean
  /** The service's rejection, shown in the dialog's MessageBar. */
  serviceError: PatchbayError | null
  /** Client-side messages by field path ("port", "rules.0.conditions.1.value"). */
  fieldErrors: Record<string, string>
  /** The message for a field, from client validation or the service. */
  fieldError(name: string): string | undefined
  /** Validates with a schema plus extra checks; returns the parsed value or null (errors shown). */
  validate<S extends z.ZodType>(
    schema: S,
    value: unknown,
    extra?: Record<string, string | false | undefined>,
  ): z.output<S> | null
  /** Runs a save; a rejection is kept (dialog stays open, input intact). Resolves true on success. */
  submit(save: () => Promise<void>): Promise<boolean>
  /** Clears every error. */
  clear(): void
  /** Field paths of the latest errors (client, then service), readable right after validate/submit. */
  errorPaths(): string[]
}

/** Form state for a property sheet: client validation with the shared zod schemas, service errors kept visible. */
export function useForm(): FormState {
  const [busy, setBusy] = useState(false)
  const [serviceError, setServiceError] = useState<PatchbayError | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const latest = useRef<string[]>([])
  return {
    errorPaths: () => latest.current,
    busy,
    serviceError,
    fieldErrors,
    fieldError(name) {
      if (fieldErrors[name]) return fieldErrors[name]
      if (serviceError?.field && (serviceError.field === name || serviceError.field.startsWith(`${name}.`)))
        return serviceError.message.replace(/^[\w.]+: /, '')
      return undefined
    },
    validate(schema, value, extra = {}) {
      const errors: Record<string, string> = {}
      for (const [k, v] of Object.entries(extra)) if (v) errors[k] = v
      const result = schema.safeParse(value)
      if (!result.success)
        for (const issue of result.error.issues) {
          const path = issue.path.map(String).join('.')
          if (!errors[path]) errors[path] = issue.message
        }
      setFieldErrors(errors)
      setServiceError(null)
      latest.current = Object.keys(errors)
      return Object.keys(errors).length === 0 && result.success ? result.data : null
    },
    async submit(save) {
      setBusy(true)
      setServiceError(null)
      try {
        await save()
        return true
      } catch (err) {
        const error = toPatchbayError(err)
        setServiceError(error)
        latest.current = error.field ? [error.field] : []
        return false
      } finally {
        setBusy(false)
      }
    },
    clear() {
      latest.current = []
      setFieldErrors({})
      setServiceError(null)
    },
  }
}
