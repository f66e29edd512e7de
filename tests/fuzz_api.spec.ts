import { testApp } from '#core/testing/app'
import { userClient, ApiClient, type ApiResponse } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { tableOf, joinTableOf, multiFields } from '#core/records/entity_info'

/**
 * Fuzzing every write the OpenAPI document lists (issue 10): for each POST, PATCH and PUT
 * operation, as an administrator and as an operator, families of invalid payloads derived
 * from the operation's own request schema. Every answer must be a problem+json 4xx (never a
 * 5xx), and no entity table may gain or lose a row. Generic on purpose: whatever the document
 * lists (records, module actions) is walked. Bounded: at most SAMPLE properties per family and
 * operation, picked by a seeded generator (FUZZ_SEED reproduces a run).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261203)
const SAMPLE = 2
const DEEP = 3000
/** Past this a field's maxLength is not worth sending (the body limit answers instead). */
const HUGE_LIMIT = 300_000
const FUZZ_UUID = '00000000-0000-4000-8000-00000000f022'

type Schema = Record<string, any>
interface Payload {
  family: string
  body: string
}
interface Operation {
  method: string
  path: string
  schema?: Schema
}

/** mulberry32: a small seeded generator, so a failing sample can be replayed. */
function generator(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function resolve(doc: any, schema: Schema | undefined): Schema | undefined {
  let s = schema
  for (let i = 0; s?.$ref && i < 10; i++)
    s = s.$ref
      .split('/')
      .slice(1)
      .reduce((o: any, k: string) => o?.[k], doc)
  return s
}

const typesOf = (s: Schema): string[] => [s.type ?? []].flat()

/** A value that the property's schema refuses by type. */
function wrongType(s: Schema): unknown {
  const types = typesOf(s)
  if (types.includes('string') || s.format || s.enum) return types.includes('number') || types.includes('integer') ? { wrong: true } : 12345
  if (types.includes('integer') || types.includes('number')) return 'not a number'
  if (types.includes('boolean')) return 'yes please'
  if (types.includes('array')) return 'not an array'
  if (types.includes('object')) return 'not an object'
  return undefined
}

/** Families of invalid bodies for one operation's request schema. */
function payloads(doc: any, op: Operation, random: () => number): Payload[] {
  const schema = resolve(doc, op.schema) ?? {}
  const properties: Record<string, Schema> = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, resolve(doc, v as Schema) ?? {}]))
  const writable = Object.entries(properties).filter(([, s]) => !s.readOnly)
  const pick = <T>(list: T[]) => [...list].sort(() => random() - 0.5).slice(0, SAMPLE)
  const out: Payload[] = []
  const add = (family: string, body: unknown) => out.push({ family, body: typeof body === 'string' ? body : JSON.stringify(body) })
  for (const raw of ['null', '"x"', '1', 'true', '{"a":']) add('not an object', raw)
  add('deep nesting', '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP))
  add('deep nesting', '['.repeat(DEEP) + ']'.repeat(DEEP))
  add('prototype key', '{"__proto__":{"polluted":true}}')
  add('prototype key', '{"constructor":{"prototype":{"polluted":true}}}')
  add('NUL in a key', { 'a\u0000b': 'x' })
  for (const [name] of pick(writable.filter(([, s]) => typesOf(s).includes('string') || !typesOf(s).length))) add('NUL in a text', { [name]: 'a\u0000b' })
  for (const [name] of pick(writable.filter(([, s]) => typesOf(s).includes('object') || !typesOf(s).length))) add('NUL in JSON', { [name]: { note: 'a\u0000b' } })
  for (const [name, s] of pick(writable)) {
    const value = wrongType(s)
    if (value !== undefined) add('wrong type', { [name]: value })
  }
  for (const [name, s] of pick(writable.filter(([, s]) => typeof s.maxLength === 'number' && s.maxLength < HUGE_LIMIT))) add('huge string', { [name]: 'я'.repeat(s.maxLength + 1) })
  if (schema.required?.length) add('missing required', {})
  if (schema.additionalProperties === false) add('extra field', { zz_fuzz_extra_field: 1 })
  return out
}

/** Every POST, PATCH and PUT of the document, with a real record id where the path has one. */
async function operations(doc: any, client: ApiClient): Promise<Operation[]> {
  const ops: Operation[] = []
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const method of ['post', 'patch', 'put']) {
      const op = item[method]
      if (!op) continue
      let concrete = path
      if (path.includes('{id}')) {
        const list = await client.get(`${path.slice(0, path.indexOf('/{id}'))}?limit=1`)
        concrete = path.replace('{id}', list.body?.data?.[0]?.id ?? FUZZ_UUID)
      }
      concrete = concrete.replace(/\{[^}]+\}/g, 'fuzz')
      ops.push({ method: method.toUpperCase(), path: concrete, schema: op.requestBody?.content?.['application/json']?.schema })
    }
  }
  return ops
}

/** Writes that are not (yet) in the document but take JSON from anyone. */
const UNLISTED: Operation[] = [
  { method: 'POST', path: '/api/v1/auth/login', schema: { type: 'object', properties: { login: { type: 'string', maxLength: 120 }, password: { type: 'string' } }, required: ['login', 'password'] } },
  {
    method: 'POST',
    path: '/api/v1/auth/tokens',
    schema: { type: 'object', properties: { name: { type: 'string', maxLength: 120 }, expiresAt: { type: 'string', format: 'date-time' } }, required: ['name'] },
  },
]

async function rowCounts(): Promise<Record<string, number>> {
  const tables = new Set<string>(['sys_users', 'sys_api_tokens'])
  for (const entity of engine.set.entities) {
    tables.add(tableOf(entity))
    for (const [field] of multiFields(entity)) tables.add(joinTableOf(entity, field))
  }
  const counts: Record<string, number> = {}
  for (const table of tables) {
    if (await engine.knex.schema.hasTable(table)) counts[table] = Number((await engine.knex(table).count({ n: '*' }).first())?.n)
  }
  return counts
}

function check(res: ApiResponse, what: string, failures: string[]) {
  const problem = res.headers.get('content-type')?.includes('application/problem+json')
  const pointed = res.status === 404 || res.status === 403 || res.status === 401 || res.status === 409 || res.status === 415 || res.body?.errors?.[0]?.pointer
  if (res.status < 400 || res.status >= 500 || !problem || !pointed) failures.push(`${what} → ${res.status} ${res.text.slice(0, 160)}`)
}

describe('fuzzing every write of the OpenAPI document', () => {
  // a few records, so PATCH reaches validation on a real row rather than a 404
  beforeAll(async () => {
    const admin = await userClient((await testApp()).url, ['admin'])
    await admin.post('/api/v1/records/counterparty', { name: 'Фаз-Сервіс', kind: 'contractor' })
    await admin.post('/api/v1/records/object', { name: 'вул. Фаззова', level: 'street' })
    await admin.post('/api/v1/records/contact', { full_name: 'Фаз Фазович', phone: '0671230000' })
  })

  for (const roles of [['admin'], ['operator']]) {
    it(`answers invalid payloads with a 4xx problem and changes no rows (${roles.join(',')})`, async () => {
      const { url } = await testApp()
      const client = await userClient(url, roles)
      const doc = (await client.get('/api/v1/openapi.json')).body
      const ops = [...(await operations(doc, client)), ...UNLISTED]
      expect(ops.length).toBeGreaterThan(5)
      const before = await rowCounts()
      const random = generator(SEED)
      const failures: string[] = []
      let sent = 0
      for (const op of ops) {
        for (const payload of payloads(doc, op, random)) {
          const res = await client.request(op.method, op.path, payload.body, { 'content-type': 'application/json' })
          sent++
          check(res, `${op.method} ${op.path} [${payload.family}] ${payload.body.slice(0, 80)}`, failures)
        }
      }
      expect(failures).withContext(`seed ${SEED}, ${sent} requests`).toEqual([])
      expect(await rowCounts()).toEqual(before)
      expect((await new ApiClient(url).get('/health')).status).toBe(200)
    })
  }
})
