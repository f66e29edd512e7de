/**
 * The resident's address on the object tree: a shared location → the nearest object with
 * coordinates (modules/objects `location`) within the bot's radius, or the address typed →
 * the street by the words of its name (stems, so "Київській" finds "вул. Київська"), then the
 * building by its number and the flat by the next number. Read through the records API.
 */
import type { OpContext } from '#core/records/context'
import { get, list } from '#core/records/read'
import type { RecordData } from '#core/records/serialize'

export interface Place {
  id: string
  path: string
}

const NOISE = new Set([
  'вул',
  'вулиця',
  'вулиці',
  'просп',
  'проспект',
  'пров',
  'провулок',
  'бульв',
  'бульвар',
  'пл',
  'площа',
  'буд',
  'будинок',
  'кв',
  'квартира',
  'під',
  'підʼїзд',
  'м',
  'місто',
  'вишгород',
  'str',
  'street',
  'flat',
  'apt',
])

const placeOf = (o: RecordData): Place => ({ id: String(o.id), path: String(o.path ?? o.name) })

/** "Київська 12, кв. 5" → words ["київська"], numbers ["12", "5"]. */
export function parseAddress(text: string): { words: string[]; numbers: string[] } {
  const tokens = text
    .toLocaleLowerCase('uk')
    .replace(/['’`]/g, 'ʼ')
    .split(/[^\p{L}\p{N}ʼ-]+/u)
    .filter(Boolean)
  const numbers = tokens.filter((t) => /^\d+[\p{L}]?$/u.test(t) || /^\d+[-/]\d+$/.test(t))
  const words = tokens.filter((t) => !numbers.includes(t) && !NOISE.has(t) && t.length >= 3 && /\p{L}/u.test(t))
  return { words, numbers }
}

const stem = (w: string) => (w.length > 5 ? w.slice(0, w.length - 2) : w)

/** Places matching the typed address, most specific first; several streets → several places. */
export async function matchAddress(op: OpContext, text: string): Promise<Place[]> {
  const { words, numbers } = parseAddress(text)
  if (!words.length) return []
  const streets = (
    await list(op, 'object', { filter: { and: [{ level: { eq: 'street' } }, ...words.map((w) => ({ name: { contains: stem(w) } }))] } as any, limit: 6, fields: ['id', 'name', 'path'] })
  ).data
  if (!streets.length) return []
  if (streets.length > 1 || !numbers.length) return streets.map(placeOf)
  const street = streets[0]
  const building = (
    await list(op, 'object', { filter: { and: [{ parent: { eq: street.id } }, { level: { eq: 'building' } }, { name: { eq: numbers[0] } }] } as any, limit: 1, fields: ['id', 'name', 'path'] })
  ).data[0]
  if (!building) return [placeOf(street)]
  if (numbers.length < 2) return [placeOf(building)]
  const flat = (
    await list(op, 'object', {
      filter: { and: [{ building: { eq: building.id } }, { level: { eq: 'apartment' } }, { name: { in: [`кв. ${numbers[1]}`, numbers[1]] } }] } as any,
      limit: 1,
      fields: ['id', 'name', 'path'],
    })
  ).data[0]
  return [placeOf(flat ?? building)]
}

/** Metres between two points (haversine). */
export function distanceMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = 6_371_000
  const rad = (d: number) => (d * Math.PI) / 180
  const dLat = rad(b.lat - a.lat)
  const dLon = rad(b.lon - a.lon)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2
  return 2 * r * Math.asin(Math.sqrt(h))
}

/**
 * The nearest object with coordinates within `radius` metres: buildings and assets carry
 * `location`; an asset (a lighting pole) stands for its place on the street. Approximate
 * points (a street's estimate) and the points entrances and apartments take from their
 * building (modules/objects/hooks/location.ts) name no place of their own.
 */
export async function nearestPlace(op: OpContext, at: { lat: number; lon: number }, radius: number): Promise<Place | undefined> {
  // a box around the point first (an index-friendly prefilter), then the exact distance
  const dLat = radius / 111_000
  const dLon = radius / (111_000 * Math.cos((at.lat * Math.PI) / 180))
  const rows = await op
    .db('object')
    .whereNotNull('location')
    .whereRaw('location_approximate is not true')
    .whereNotIn('level', ['entrance', 'apartment'])
    .whereRaw("(location->>'lat')::float8 between ? and ?", [at.lat - dLat, at.lat + dLat])
    .whereRaw("(location->>'lon')::float8 between ? and ?", [at.lon - dLon, at.lon + dLon])
    .limit(200)
    .select('id', 'location')
  let best: { id: string; d: number } | undefined
  for (const r of rows) {
    const loc = typeof r.location === 'string' ? JSON.parse(r.location) : r.location
    const d = distanceMetres(at, loc)
    if (d <= radius && (!best || d < best.d)) best = { id: r.id, d }
  }
  if (!best) return undefined
  const found = (await list(op, 'object', { filter: { id: { eq: best.id } }, limit: 1, fields: ['id', 'name', 'path'] })).data[0]
  return found ? placeOf(found) : undefined
}

/** The resident's own addresses (contact.addresses), read as the resident, for buttons. */
export async function placesOfContact(residentOp: OpContext, readerOp: OpContext, contactId: string): Promise<Place[]> {
  const contact = (await get(residentOp, 'contact', contactId, { fields: ['id', 'addresses'] }).catch(() => undefined))?.data
  const ids = Array.isArray(contact?.addresses) ? (contact.addresses as unknown[]).map((a) => (typeof a === 'object' && a ? String((a as any).id) : String(a))) : []
  if (!ids.length) return []
  return (await list(readerOp, 'object', { filter: { id: { in: ids.slice(0, 5) } }, limit: 5, fields: ['id', 'name', 'path'] })).data.map(placeOf)
}
