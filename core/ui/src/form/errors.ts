import type { ErrorSchema, RJSFSchema } from '@rjsf/utils'
import type { FieldError } from '../../../shared/problem.js'

/**
 * Required fields left empty, at every level of the form's schema (a request type's own
 * fields in `extra` too). The server checks the body before the hooks check `extra`, so it
 * reports those one save later; added to its answer, every error shows at once.
 */
export function missingRequired(schema: RJSFSchema, data: unknown, message: string, pointer = ''): FieldError[] {
  if (!schema || typeof schema !== 'object' || schema.type !== 'object') return []
  const values = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>
  const out: FieldError[] = []
  for (const name of schema.required ?? []) {
    const v = values[name]
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) out.push({ pointer: `${pointer}/${name}`, message, code: 'required' })
  }
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    if (sub && typeof sub === 'object' && (sub as RJSFSchema).type === 'object') out.push(...missingRequired(sub as RJSFSchema, values[name], message, `${pointer}/${name}`))
  }
  return out
}

/** The server's errors and the form's own, each pointer once (the server's words first). */
export function mergeErrors(server: FieldError[], own: FieldError[]): FieldError[] {
  const seen = new Set(server.map((e) => e.pointer))
  return [...server, ...own.filter((e) => !seen.has(e.pointer))]
}

/**
 * Server field errors at their fields: problem+json pointers (`/phone`, `/extra/floor`)
 * become rjsf `extraErrors`; errors at no field of the form (`/version`, `/transition`) come
 * back as messages for the banner.
 */
export function toExtraErrors(errors: FieldError[], onForm: (field: string) => boolean, labelOf: (field: string) => string): { extraErrors: ErrorSchema; messages: string[] } {
  const extraErrors: ErrorSchema = {}
  const messages: string[] = []
  for (const e of errors) {
    const path = e.pointer
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
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
