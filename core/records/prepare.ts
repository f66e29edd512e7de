import type { EntityDoc } from '#core/shared/metadata'
import type { FieldError } from '#core/shared/problem'
import type { EntityAccess } from '#core/permissions/policy'
import { fieldTypes } from '#core/schema/field_types'
import { fromAjv, message, type Locale } from '#core/validation/messages'
import { recordValidator, type WriteMode } from './validators.js'
import type { MetadataSet } from '#core/metadata/set'
import { workflowFields } from '#core/workflow/resolve'
import { inspectInput } from '#core/validation/input_guard'
import { fileListMembers, listedFiles } from '#core/files/listed'

export interface Prepared {
  /** Column values for the entity's table, normalised for storage. */
  columns: Record<string, unknown>
  /** Multi-reference field → target ids (only fields present in the body). */
  multi: Record<string, string[]>
  /** Reference fields set (field → id), to check the actor may see the target. */
  references: Array<{ field: string; to: string; ids: string[] }>
  /** File fields set: the actor must be allowed to attach each file (core/files/access.ts). */
  files: Array<{ field: string; id: string }>
  version?: number
}

/**
 * Validates a record body for create or update, in the caller's language: the compiled ajv
 * validator (unknown fields rejected), then field access (read-only by metadata or role),
 * then each type's normalisation (phone → E.164). Errors are collected, never thrown one by one.
 */
export function prepare(set: MetadataSet, entity: EntityDoc, access: EntityAccess, body: unknown, mode: WriteMode, locale: Locale, pointerPrefix = ''): { prepared?: Prepared; errors: FieldError[] } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { errors: [{ pointer: pointerPrefix || '/', message: message('type', locale, { type: 'object' }), code: 'type' }] }
  }
  // CSV rows and bodies of internal callers did not pass the HTTP body guard: NUL and prototype keys
  const guarded = inspectInput(body, locale, pointerPrefix)
  if (guarded) return { errors: [{ pointer: guarded.pointer, message: guarded.message, code: guarded.code }] }
  const validate = recordValidator(set, entity, mode)
  if (!validate(body)) return { errors: fromAjv(validate.errors, locale, pointerPrefix) }

  const errors: FieldError[] = []
  const input = body as Record<string, unknown>
  const controlled = workflowFields(set, entity.key)
  const prepared: Prepared = { columns: {}, multi: {}, references: [], files: [] }
  for (const [name, raw] of Object.entries(input)) {
    if (name === 'version') {
      prepared.version = raw as number
      continue
    }
    const field = entity.fields[name]
    const pointer = `${pointerPrefix}/${name}`
    if (controlled.has(name)) {
      errors.push({ pointer, message: locale === 'en' ? 'Changed by workflow transitions only' : 'Змінюється лише переходами процесу', code: 'workflow_field' })
      continue
    }
    if (field.readOnly || access.readOnly.has(name) || access.hidden.has(name)) {
      errors.push({ pointer, message: message(field.readOnly ? 'readOnly' : 'forbidden', locale), code: 'forbidden' })
      continue
    }
    const type = fieldTypes.get(field.type)
    let value = raw
    if (value !== null && value !== undefined && type.toDb) {
      try {
        value = type.toDb(value, field)
      } catch (error: any) {
        errors.push({ pointer, message: message(error.code ?? 'fallback', locale, { message: error.message }), code: error.code ?? 'invalid' })
        continue
      }
    }
    if (field.type === 'multi_reference') {
      prepared.multi[name] = [...new Set((raw as string[] | null) ?? [])]
      if (prepared.multi[name].length) prepared.references.push({ field: name, to: field.to!, ids: prepared.multi[name] })
    } else {
      prepared.columns[name] = value
      if (field.type === 'reference' && typeof raw === 'string') prepared.references.push({ field: name, to: field.to!, ids: [raw] })
      if (field.type === 'file' && typeof raw === 'string') prepared.files.push({ field: name, id: raw })
      for (const listed of listedFiles(raw, fileListMembers(field))) prepared.files.push({ field: `${name}/${listed.at}`, id: listed.id })
    }
  }
  if (mode === 'create') {
    for (const [name, field] of Object.entries(entity.fields)) {
      if (field.default === undefined || name in input) continue
      const type = fieldTypes.get(field.type)
      if (field.type === 'multi_reference') prepared.multi[name] = field.default as string[]
      else prepared.columns[name] = type.toDb ? type.toDb(field.default, field) : field.default
    }
  }
  return errors.length ? { errors } : { prepared, errors }
}
