import type { RecordData } from '../api/types.js'
import type { UiEntity } from '../types/bootstrap.js'
import type { FormSpec } from './schema.js'

/** The record's values as the form edits them (empty as undefined, JSON fields as text). */
export function toFormData(entity: UiEntity, record: Partial<RecordData>, spec: FormSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const name of spec.sections.flatMap((s) => s.fields)) {
    const value = record[name]
    if (value === null || value === undefined) continue
    if (spec.jsonText.has(name)) out[name] = JSON.stringify(value, null, 2)
    else if (entity.fields[name].type === 'decimal' || entity.fields[name].type === 'money') out[name] = String(value)
    else out[name] = value
  }
  return out
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * What to send: the writable fields that changed (all set ones for a new record), empty as
 * null, JSON text parsed. A JSON text that does not parse is reported at its field.
 */
export function toBody(spec: FormSpec, initial: Record<string, unknown>, current: Record<string, unknown>, isNew: boolean): { body: Record<string, unknown>; badJson: string[] } {
  const body: Record<string, unknown> = {}
  const badJson: string[] = []
  for (const name of spec.writable) {
    if (!spec.sections.some((s) => s.fields.includes(name))) continue
    let value = current[name]
    if (isNew ? value === undefined : same(value, initial[name])) continue
    if (spec.jsonText.has(name) && typeof value === 'string') {
      try {
        value = value.trim() ? JSON.parse(value) : null
      } catch {
        badJson.push(name)
        continue
      }
    }
    body[name] = value === undefined || value === '' ? null : value
  }
  return { body, badJson }
}
