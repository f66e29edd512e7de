import type { RJSFSchema, UiSchema, ErrorSchema } from '@rjsf/utils'
import type { FieldError } from '../../../core/shared/problem.js'

/** An array's one item schema (not a tuple), or undefined. */
const itemsOf = (s: RJSFSchema) => (s.type === 'array' && s.items && typeof s.items === 'object' && !Array.isArray(s.items) ? (s.items as RJSFSchema) : undefined)

/**
 * The rjsf uiSchema of a connector type's config schema: members marked `"x-secret": true`
 * (at any depth of objects, and in the items of arrays) get the secret widget.
 */
export function secretUiSchema(schema: RJSFSchema): UiSchema {
  const ui: UiSchema = {}
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    if (!sub || typeof sub !== 'object') continue
    const s = sub as RJSFSchema & { 'x-secret'?: boolean }
    const items = itemsOf(s)
    if (s['x-secret']) ui[name] = { 'ui:widget': 'secret' }
    else if (s.type === 'object') ui[name] = secretUiSchema(s)
    else if (items?.type === 'object') ui[name] = { items: secretUiSchema(items) }
  }
  return ui
}

type Text = { uk: string; en?: string }
type Member = RJSFSchema & { 'x-secret'?: boolean; 'x-labels'?: Text; 'x-description'?: Text }
const inLanguage = (text: Text, lang: string) => (lang === 'en' ? text.en : text.uk) || text.uk

/**
 * The schema as rjsf draws it: a secret member also takes `{"$env": NAME}` or the stored
 * `{"$encrypted": "***"}` instead of its string (the server checks the real schema); a member's
 * `x-labels` / `x-description` (`{uk, en}`, the manifest's words for administrators) become its
 * title and description in the UI's language, instead of the bare key and the integrator's note.
 */
export function drawnSchema(schema: RJSFSchema, lang = 'uk'): RJSFSchema {
  const labels = schema as Member
  const own = { ...(labels['x-labels'] ? { title: inLanguage(labels['x-labels'], lang) } : {}) }
  const props: Record<string, RJSFSchema> = {}
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    if (!sub || typeof sub !== 'object') {
      props[name] = sub as unknown as RJSFSchema
      continue
    }
    const s = sub as Member
    const items = itemsOf(s)
    let drawn: RJSFSchema = s['x-secret']
      ? { ...s, type: ['string', 'object'] as any }
      : s.type === 'object'
        ? drawnSchema(s, lang)
        : items?.type === 'object'
          ? { ...s, items: drawnSchema(items, lang) }
          : s
    if (s['x-labels']) drawn = { ...drawn, title: inLanguage(s['x-labels'], lang) }
    if (s['x-description']) drawn = { ...drawn, description: inLanguage(s['x-description'], lang) }
    props[name] = drawn
  }
  return { ...schema, ...own, properties: props }
}

/**
 * Server problems (pointers relative to the document: `/config/port`, or to the config when
 * `base` is empty) as rjsf extraErrors of the config form; the rest come back as messages.
 */
export function configErrors(problems: FieldError[], base = '/config'): { extraErrors: ErrorSchema; messages: FieldError[] } {
  const extraErrors: ErrorSchema = {}
  const messages: FieldError[] = []
  for (const p of problems) {
    if (base && p.pointer !== base && !p.pointer.startsWith(`${base}/`)) {
      messages.push(p)
      continue
    }
    const path = p.pointer
      .slice(base.length)
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    let node = extraErrors as Record<string, any>
    for (const segment of path) node = node[segment] ??= {}
    ;(node.__errors ??= []).push(p.message)
  }
  return { extraErrors, messages }
}
