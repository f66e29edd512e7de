/**
 * A request type's extra fields (JSON Schema properties) as questions, one at a time, and the
 * resident's answers checked against the field's own schema — pure, no I/O.
 * - `oneOf` of consts / `enum` → buttons; boolean → Так / Ні;
 * - `format: date-time` → typed, read leniently ("сьогодні 10:00", "вчора 22:30", "05.12 08:30", "зараз");
 * - string / number / integer → typed, validated with ajv against the schema, a Ukrainian (or
 *   English) reason when it does not fit;
 * - an optional field has a "Пропустити" button; a required one cannot be skipped.
 */
import type { ValidateFunction } from 'ajv'
import { DateTime } from 'luxon'
import type { MessageButton } from '#core/connectors/messaging'
import { ajv } from '#core/validation/ajv'
import { fromAjv } from '#core/validation/messages'
import { say } from './texts.js'
import type { BotDoc, Lang } from './types.js'

export interface TypeField {
  name: string
  schema: Record<string, any>
  required: boolean
}

export interface Choice {
  value: unknown
  label: string
}

const ZONE = 'Europe/Kyiv'
const SKIP = 'skip'

/** The type's fields in the order they are declared. */
export function fieldsOf(rt: { fields?: Record<string, Record<string, unknown>>; requiredFields?: string[] }): TypeField[] {
  return Object.entries(rt.fields ?? {}).map(([name, schema]) => ({ name, schema, required: (rt.requiredFields ?? []).includes(name) }))
}

/** The buttons' values, or undefined for a typed answer. */
export function choicesOf(field: TypeField, doc: BotDoc | undefined, lang: Lang): Choice[] | undefined {
  const s = field.schema
  if (Array.isArray(s.oneOf) && s.oneOf.every((o: any) => o && 'const' in o)) return s.oneOf.map((o: any) => ({ value: o.const, label: String(o.title ?? o.const) }))
  if (Array.isArray(s.enum)) return s.enum.map((v: unknown) => ({ value: v, label: String(v) }))
  if (s.type === 'boolean')
    return [
      { value: true, label: say(doc, lang, 'yes') },
      { value: false, label: say(doc, lang, 'no') },
    ]
  return undefined
}

/** The question: the field's title, its choices as buttons (two a row), "Пропустити" when optional. */
export function question(field: TypeField, doc: BotDoc | undefined, lang: Lang): { text: string; buttons: MessageButton[][] } {
  const text = String(field.schema.title ?? field.name) + (field.schema.format === 'date-time' ? (lang === 'en' ? ' (e.g. "today 10:00")' : ' (наприклад: «сьогодні 10:00»)') : '') + '?'
  const buttons: MessageButton[][] = []
  const choices = choicesOf(field, doc, lang) ?? []
  for (let i = 0; i < choices.length; i += 2) buttons.push(choices.slice(i, i + 2).map((c, j) => ({ label: c.label, action: `v:${i + j}` })))
  if (!field.required) buttons.push([{ label: say(doc, lang, 'skip'), action: SKIP }])
  return { text: text.replace(/\?\?$/, '?'), buttons }
}

const validators = new WeakMap<object, ValidateFunction>()
function validatorOf(schema: Record<string, any>): ValidateFunction {
  let v = validators.get(schema)
  if (!v) validators.set(schema, (v = ajv.compile(schema)))
  return v
}

export type Answer = { value: unknown } | { skip: true } | { error: string }

/** The resident's answer to the field: its value, a skip, or why it does not fit. */
export function answer(field: TypeField, input: { text?: string; action?: string }, doc: BotDoc | undefined, lang: Lang, now = new Date()): Answer {
  const choices = choicesOf(field, doc, lang)
  const text = input.text?.trim() ?? ''
  if (input.action === SKIP || (!input.action && text.toLocaleLowerCase('uk') === say(doc, lang, 'skip').toLocaleLowerCase('uk'))) {
    return field.required ? { error: say(doc, lang, 'required') } : { skip: true }
  }
  if (choices) {
    const index = input.action?.startsWith('v:') ? Number(input.action.slice(2)) : choices.findIndex((c) => c.label.toLocaleLowerCase('uk') === text.toLocaleLowerCase('uk'))
    const choice = choices[index]
    return choice ? { value: choice.value } : { error: say(doc, lang, 'use_buttons') }
  }
  if (!text) return { error: say(doc, lang, 'use_buttons') }
  let value: unknown = text
  if (field.schema.format === 'date-time') {
    const at = parseDateTime(text, now)
    if (!at) return { error: say(doc, lang, 'bad_date') }
    value = at
  } else if (field.schema.type === 'integer' || field.schema.type === 'number') {
    const n = Number(text.replace(',', '.').replace(/\s+/g, ''))
    value = text && Number.isFinite(n) ? n : text
  }
  const validate = validatorOf(field.schema)
  if (!validate(value)) {
    const reason = fromAjv(validate.errors, lang)[0]?.message ?? ''
    return { error: say(doc, lang, 'bad_answer', { error: reason }) }
  }
  return { value }
}

const DAY_WORDS: Record<string, number> = { сьогодні: 0, сьогодня: 0, today: 0, вчора: -1, yesterday: -1, позавчора: -2 }

/**
 * A moment typed the way people type it, in the city's time: "сьогодні 10:00", "вчора о 22:30",
 * "10:00" (today), "05.12 08:30", "05.12.2025 8:30", "зараз", or ISO 8601. Undefined when unreadable
 * or in the future (an outage cannot start tomorrow).
 */
export function parseDateTime(text: string, now = new Date()): string | undefined {
  const t = text.trim().toLocaleLowerCase('uk')
  const base = DateTime.fromJSDate(now, { zone: ZONE })
  let at: DateTime | undefined
  if (/^(зараз|щойно|now)$/.test(t)) at = base
  else if (/^\d{4}-\d{2}-\d{2}t/.test(t)) at = DateTime.fromISO(text.trim(), { zone: ZONE })
  else {
    const time = /(\d{1,2})[:.](\d{2})\s*$/.exec(t)
    const date = /(\d{1,2})\.(\d{1,2})(?:\.(\d{2,4}))?/.exec(t.replace(time?.[0] ?? '', ''))
    const word = Object.keys(DAY_WORDS).find((w) => t.includes(w))
    let day = base.startOf('day')
    if (date) {
      const year = date[3] ? (date[3].length === 2 ? 2000 + Number(date[3]) : Number(date[3])) : base.year
      day = DateTime.fromObject({ year, month: Number(date[2]), day: Number(date[1]) }, { zone: ZONE })
    } else if (word) day = day.plus({ days: DAY_WORDS[word] })
    else if (!time) return undefined
    at = time ? day.set({ hour: Number(time[1]), minute: Number(time[2]) }) : day
  }
  if (!at?.isValid || at.hour > 23 || at.toMillis() > base.toMillis() + 60_000) return undefined
  return at.toISO({ suppressMilliseconds: true }) ?? undefined
}
