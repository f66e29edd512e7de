import type { RJSFSchema, UiSchema } from '@rjsf/utils'
import type { FormDoc, Label } from '../../../shared/metadata.js'
import type { UiBootstrap, UiEntity, UiField, UiLookup } from '../types/bootstrap.js'
import { pick } from '../labels.js'
import { matches } from './conditions.js'

export type Mode = 'edit' | 'new'

export interface Section {
  label?: Label
  columns?: number
  fields: string[]
}

export interface FormSpec {
  schema: RJSFSchema
  uiSchema: UiSchema
  /** Fields on the form, by section. */
  sections: Section[]
  /** Fields this user may send in this mode. */
  writable: Set<string>
  /** json fields edited as JSON text (the rest of the json fields are objects with their own schema). */
  jsonText: Set<string>
}

/** The lookup document a record points at whose extra fields describe its `extra` (a request type). */
export function extraSource(boot: UiBootstrap, entity: UiEntity, data: Record<string, unknown>): UiLookup | undefined {
  for (const [name, field] of Object.entries(entity.fields)) {
    const docs = boot.lookups[name]
    if (field.type !== 'string' || !docs) continue
    const doc = docs.find((d) => d.key === data[name])
    if (doc?.fields && Object.keys(doc.fields).length) return doc
  }
  return undefined
}

/**
 * The rjsf schema and uiSchema of a record page: sections from `form` metadata (or every field),
 * labels in the UI's language, and our widgets by field type. Validation is the server's: its
 * messages come back at the fields (form/errors.ts).
 */
export function formSpec(boot: UiBootstrap, entity: UiEntity, mode: Mode, lang: string, data: Record<string, unknown>, form?: FormDoc): FormSpec {
  const source = mode === 'new' ? entity.schemas.create : entity.schemas.record
  const writableSchema = mode === 'new' ? entity.schemas.create : entity.schemas.update
  const writable = new Set(Object.keys(writableSchema?.properties ?? {}).filter((k) => k !== 'version'))
  const available = Object.keys(source?.properties ?? {}).filter((name) => entity.fields[name] && (mode === 'edit' || writable.has(name)))
  // a form's conditions on the values being typed: hidden fields leave the form, required ones join it
  const options = form?.fieldOptions ?? {}
  const visible = (f: string) => matches(options[f]?.visibleIf, data)
  const sections: Section[] = form
    ? form.sections.map((s) => ({ label: s.label, columns: s.columns, fields: s.fields.filter((f) => available.includes(f) && visible(f)) })).filter((s) => s.fields.length)
    : [{ fields: available }]
  const properties: Record<string, RJSFSchema> = {}
  const uiSchema: UiSchema = { 'ui:options': { sections: sections.map((s) => ({ title: s.label ? pick(s.label, lang) : undefined, columns: s.columns, fields: s.fields })) } }
  const jsonText = new Set<string>()
  const extra = extraSource(boot, entity, data)
  const requiredIf = new Set<string>()
  for (const name of sections.flatMap((s) => s.fields)) {
    const field = entity.fields[name]
    const opt = options[name] ?? {}
    const readOnly = (mode === 'edit' && !writable.has(name)) || (!!opt.readOnlyIf && matches(opt.readOnlyIf, data))
    const { schema, ui, asText } = fieldSchema(name, field, source!.properties![name] as RJSFSchema, lang, name === 'extra' ? extra : undefined, data[name], readOnly)
    properties[name] = readOnly ? { ...schema, readOnly: true } : schema
    const help = opt.help ?? field.help
    // the form's choice of widget (designer: fieldOptions.widget; or a raw uiSchema), except
    // where the field's kind needs its own (reference pickers, files, JSON)
    const structural = ['reference', 'vikno_file', 'json'].includes(String(ui['ui:widget'] ?? ''))
    const chosen = opt.widget && (!structural || (opt.widget === 'address' && ui['ui:widget'] === 'reference')) ? { 'ui:widget': opt.widget } : {}
    const own = formUi(form, name)
    uiSchema[name] = {
      ...ui,
      ...chosen,
      ...own,
      ...(own['ui:options'] ? { 'ui:options': { ...ui['ui:options'], ...own['ui:options'] } } : {}),
      ...(readOnly ? { 'ui:readonly': true } : {}),
      ...(help ? { 'ui:help': pick(help, lang) } : {}),
    }
    if (asText) jsonText.add(name)
    if (opt.requiredIf && !readOnly && matches(opt.requiredIf, data)) requiredIf.add(name)
  }
  const required = [...new Set([...(source?.required ?? []), ...requiredIf])].filter((k) => properties[k] && (mode === 'new' || writable.has(k)))
  const schema: RJSFSchema = { type: 'object', properties, ...(required.length ? { required } : {}) }
  return { schema, uiSchema, sections, writable, jsonText }
}

/** Enum fields with at most this many options are a row of buttons; more make a select. */
export const BUTTONS_MAX = 4

/** What a `form`'s uiSchema says of one field: its widget, options, placeholder (nothing that runs code). */
function formUi(form: FormDoc | undefined, name: string): UiSchema {
  const own = form?.uiSchema?.[name]
  if (!own || typeof own !== 'object') return {}
  const out: UiSchema = {}
  for (const key of ['ui:widget', 'ui:options', 'ui:placeholder']) if (key in own) out[key] = (own as Record<string, unknown>)[key]
  if (typeof out['ui:widget'] !== 'string') delete out['ui:widget']
  return out
}

function fieldSchema(
  name: string,
  field: UiField,
  base: RJSFSchema,
  lang: string,
  extra: UiLookup | undefined,
  current?: unknown,
  readOnly = false
): { schema: RJSFSchema; ui: UiSchema; asText?: boolean } {
  const title = pick(field.label, lang, name)
  const nullable = (type: string) => (field.required ? type : [type, 'null'])
  if (field.options) {
    const enumNames = Object.fromEntries(field.options.map((o) => [o.value, pick(o.label, lang, o.value)]))
    // a retired option stays on the records that have it and is not offered to the others;
    // a deprecated one is shown disabled
    const offered = field.options.filter((o) => !o.retired || o.value === current)
    const disabled = offered.filter((o) => o.deprecated).map((o) => o.value)
    const buttons = field.type === 'enum' && !readOnly && offered.length <= BUTTONS_MAX
    return {
      schema: { type: nullable('string') as RJSFSchema['type'], title, enum: offered.map((o) => o.value) },
      ui: { 'ui:enumNames': enumNames, ...(disabled.length ? { 'ui:enumDisabled': disabled } : {}), ...(buttons ? { 'ui:widget': 'buttons' } : {}) },
    }
  }
  switch (field.type) {
    case 'decimal':
    case 'money':
      return { schema: { type: nullable('string') as RJSFSchema['type'], title }, ui: { 'ui:options': { inputType: 'text' } } }
    case 'reference': {
      const widget = field.to === 'object' && field.toReadable ? 'address' : 'reference'
      return { schema: { ...stripped(base), title }, ui: { 'ui:widget': widget, 'ui:options': { to: field.to, toReadable: field.toReadable } } }
    }
    case 'multi_reference':
      return {
        schema: { type: 'array', title, items: { type: 'string' }, uniqueItems: true },
        ui: { 'ui:options': { orderable: false }, items: { 'ui:widget': 'reference', 'ui:options': { to: field.to, toReadable: field.toReadable, label: false } } },
      }
    case 'file':
      return { schema: { ...stripped(base), title }, ui: { 'ui:widget': 'vikno_file' } }
    case 'text':
      return { schema: { ...stripped(base), title }, ui: { 'ui:widget': 'textarea', 'ui:options': { rows: 3 } } }
    case 'phone':
      return { schema: { ...stripped(base), title }, ui: { 'ui:widget': 'phone' } }
    case 'datetime':
      return { schema: { ...stripped(base), title }, ui: { 'ui:widget': 'datetime' } }
    case 'duration':
      return { schema: { ...stripped(base), title }, ui: { 'ui:widget': 'duration' } }
    case 'geo_point':
      return { schema: { ...stripped(base), title }, ui: { 'ui:field': 'geo' } }
    case 'json':
      if (extra?.fields) {
        // an extra field's bilingual `label` (the admin builder writes it) over its Ukrainian `title`;
        // a list of `{const, title}` options becomes an enum with names, since rjsf would otherwise
        // compile the form's schema with ajv in the page to match a `oneOf` (the CSP forbids eval)
        const ui: UiSchema = {}
        const properties = Object.fromEntries(
          Object.entries(extra.fields as Record<string, RJSFSchema & { label?: { uk: string; en?: string } }>).map(([k, p]) => {
            let out: RJSFSchema = p.label ? { ...p, title: pick(p.label, lang, p.title) } : p
            const options = Array.isArray(p.oneOf) && p.oneOf.every((o) => o && typeof o === 'object' && 'const' in o) ? (p.oneOf as Array<{ const: string; title?: string }>) : undefined
            if (options) {
              const { oneOf: _oneOf, ...rest } = out
              out = { ...rest, enum: options.map((o) => o.const) }
              ui[k] = { 'ui:enumNames': Object.fromEntries(options.map((o) => [String(o.const), o.title ?? String(o.const)])) }
            }
            return [k, out]
          })
        )
        return { schema: { type: 'object', title: `${title}: ${pick(extra.label, lang)}`, properties, required: extra.requiredFields ?? [] }, ui }
      }
      return { schema: { type: ['string', 'null'], title }, ui: { 'ui:widget': 'json' }, asText: true }
    default:
      return { schema: { ...stripped(base), title }, ui: {} }
  }
}

/** Keywords the form does not need (the server checks them and says so in the user's language). */
function stripped(schema: RJSFSchema): RJSFSchema {
  const { pattern: _p, minLength: _m, readOnly: _r, ...rest } = schema as RJSFSchema & { pattern?: string }
  return rest
}
