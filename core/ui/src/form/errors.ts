import type { ErrorSchema } from '@rjsf/utils'
import type { FieldError } from '../../../shared/problem.js'

/**
 * Server field errors at their fields: problem+json pointers (`/phone`, `/extra/floor`)
 * become rjsf `extraErrors`; errors at no field of the form (`/version`, `/transition`) come
 * back as messages for the banner.
 */
export function toExtraErrors(errors: FieldError[], onForm: (field: string) => boolean, labelOf: (field: string) => string): { extraErrors: ErrorSchema; messages: string[] } {
  const extraErrors: ErrorSchema = {}
  const messages: string[] = []
  for (const e of errors) {
    const path = e.pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    if (!path.length || !path[0] || !onForm(path[0])) {
      messages.push(path[0] ? `${labelOf(path[0])}: ${e.message}` : e.message)
      continue
    }
    let node = extraErrors as Record<string, any>
    for (const segment of path) node = node[segment] ??= {}
    ;(node.__errors ??= []).push(e.message)
  }
  return { extraErrors, messages }
}
