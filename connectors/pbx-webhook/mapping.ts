import { DateTime } from 'luxon'
import type { CallEventPayload } from '#core/connectors/types'

/**
 * The declarative mapping of one PBX's notifications to call events (an instance's `mappings`).
 *
 * A pick is a string: a dotted path with array indexes (`callDetails.externalNumber`,
 * `calls[0].id`), alternatives tried in order (`generalCallID|callDetails.generalCallID`: the
 * first non-empty value wins), or a constant (`=inbound`). Form bodies are read into nested
 * objects first (`callDetails[externalNumber]=...` → `callDetails.externalNumber`), and a key
 * containing dots or brackets is also found as it is.
 *
 * `eventMap` turns the picked `event` value into a call event: a string (`"ringing"`), `null`
 * (a notification we accept and ignore), or a second look at another field
 * (`{"pick": "callDetails.disposition", "map": {"ANSWER": "ended", "*": "missed"}}`). `"*"` is
 * the default of a map; a value without an entry and without `"*"` is refused (422).
 */
export interface PbxMappings {
  callId: string
  caller: string
  event: string
  eventMap: Record<string, EventTarget>
  extension?: string
  dialed?: string
  queue?: string
  at?: string
  recording?: string
  direction?: string
  directionMap?: Record<string, string>
  /** Zone of times written without an offset (`2026-12-03 10:15:00`). Default Europe/Kyiv. */
  timezone?: string
}

type CallEvent = CallEventPayload['event']
type EventTarget = CallEvent | null | { pick: string; map: Record<string, CallEvent | null> }

const EVENTS: readonly string[] = ['ringing', 'answered', 'ended', 'missed']
const DIRECTIONS: readonly string[] = ['inbound', 'outbound', 'internal']

/** A refusal with a message for the PBX's administrator (answered as 422). */
export class MappingError extends Error {}

/** Parses a body as JSON or as a form (by content type, else by its first character). */
export function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8')
  const json = contentType ? /json/i.test(contentType) : /^\s*[{[]/.test(text)
  if (json) {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw new MappingError('the body is not valid JSON')
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new MappingError('the body must be a JSON object')
    return value as Record<string, unknown>
  }
  if (contentType && !/x-www-form-urlencoded/i.test(contentType)) throw new MappingError(`unsupported content type ${contentType.split(';')[0]}`)
  return parseForm(text)
}

/** A form body as nested objects: `a[b][0]=x` → `{a: {b: {0: 'x'}}}`, and also `{'a[b][0]': 'x'}`. */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, any> = Object.create(null)
  for (const [key, value] of new URLSearchParams(text)) {
    out[key] = value
    const parts = /^([^[\]]+)((?:\[[^[\]]*\])+)$/.exec(key)
    if (!parts) continue
    const path = [parts[1], ...[...parts[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1])]
    let node = out
    for (const [i, part] of path.entries()) {
      if (part === '' || part === '__proto__' || part === 'constructor' || part === 'prototype') break
      if (i === path.length - 1) node[part] = value
      else {
        if (typeof node[part] !== 'object' || node[part] === null) node[part] = Object.create(null)
        node = node[part]
      }
    }
  }
  return out
}

/** The value a pick names in `body`, as a string; undefined when empty or absent. */
export function pick(body: unknown, expr: string | undefined): string | undefined {
  if (!expr) return undefined
  for (const alternative of expr.split('|')) {
    const path = alternative.trim()
    const value = path.startsWith('=') ? path.slice(1) : readPath(body, path)
    if (value === undefined || value === null || value === '') continue
    if (typeof value === 'object') continue
    return String(value)
  }
  return undefined
}

function readPath(body: unknown, path: string): unknown {
  if (body && typeof body === 'object' && Object.hasOwn(body, path)) return (body as any)[path]
  let node: unknown = body
  for (const segment of path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '')) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined
    node = (node as any)[segment]
  }
  return node
}

/**
 * The call event a notification stands for, or null when the mapping says to ignore it.
 * @throws MappingError when a required value is missing or the event value has no entry.
 */
export function mapCallEvent(body: Record<string, unknown>, m: PbxMappings): CallEventPayload | null {
  const raw = pick(body, m.event)
  if (raw === undefined) throw new MappingError(`no event value at "${m.event}"`)
  const event = resolveEvent(body, raw, m.eventMap)
  if (event === null) return null
  const callId = pick(body, m.callId)
  if (!callId) throw new MappingError(`no call id at "${m.callId}"`)
  const caller = pick(body, m.caller)
  if (!caller) throw new MappingError(`no caller at "${m.caller}"`)
  const payload: CallEventPayload = { event, callId: callId.slice(0, 200), caller: caller.slice(0, 64) }
  const extension = pick(body, m.extension)
  if (extension) payload.extension = extension.slice(0, 32)
  const dialed = pick(body, m.dialed)
  if (dialed) payload.dialed = dialed.slice(0, 64)
  const queue = pick(body, m.queue)
  if (queue) payload.queue = queue.slice(0, 64)
  const at = toIso(pick(body, m.at), m.timezone ?? 'Europe/Kyiv')
  if (at) payload.at = at
  const recording = pick(body, m.recording)
  if (recording && /^https?:\/\//i.test(recording)) payload.recording = recording.slice(0, 2000)
  const rawDirection = pick(body, m.direction)
  const direction = rawDirection === undefined ? undefined : (m.directionMap?.[rawDirection] ?? m.directionMap?.['*'] ?? rawDirection)
  if (direction && DIRECTIONS.includes(direction)) payload.direction = direction as CallEventPayload['direction']
  return payload
}

function resolveEvent(body: Record<string, unknown>, raw: string, eventMap: PbxMappings['eventMap']): CallEvent | null {
  const target = lookup(eventMap, raw, `event value "${raw.slice(0, 64)}"`)
  if (target === null || typeof target === 'string') return checkEvent(target)
  const second = pick(body, target.pick) ?? ''
  return checkEvent(lookup(target.map, second, `"${second.slice(0, 64)}" at "${target.pick}"`))
}

function lookup<T>(map: Record<string, T>, key: string, what: string): T {
  if (Object.hasOwn(map, key)) return map[key]
  if (Object.hasOwn(map, '*')) return map['*']
  throw new MappingError(`${what} is not in the event map`)
}

function checkEvent(value: unknown): CallEvent | null {
  if (value === null) return null
  if (typeof value !== 'string' || !EVENTS.includes(value)) throw new MappingError(`the event map names an unknown event "${String(value)}"`)
  return value as CallEvent
}

/** Unix seconds or milliseconds, ISO with an offset, or a local time in `zone`; undefined otherwise. */
function toIso(value: string | undefined, zone: string): string | undefined {
  if (!value) return undefined
  if (/^\d{9,13}(\.\d+)?$/.test(value)) {
    const n = Number(value)
    return new Date(n < 1e11 ? n * 1000 : n).toISOString()
  }
  const local = value.trim().replace(' ', 'T')
  const parsed = DateTime.fromISO(local, { zone, setZone: true })
  return parsed.isValid ? parsed.toUTC().toISO()! : undefined
}
