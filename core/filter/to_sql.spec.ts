import knex, { type Knex } from 'knex'
import pg from 'pg'
import { randomBytes } from 'node:crypto'
import type { EntityDoc } from '../shared/metadata.js'
import type { Filter, FilterVariables } from '../shared/filter.js'
import { createFilterSchema, type FilterSchema } from './context.js'
import { applyFilter, filterToSql, type HopGuard } from './to_sql.js'
import { evaluateFilter } from './evaluate.js'
import { FilterError, validateFilter } from './validate.js'

// Every filter below runs on a real PostgreSQL and through evaluateFilter on every row: the
// two must agree with each other and with the expected tickets.

const ns = `filter_spec_${randomBytes(4).toString('hex')}`
const id = (prefix: string, n: number) => `${prefix.repeat(8)}-0000-4000-8000-${String(n).padStart(12, '0')}`
const U = [0, 1, 2].map((n) => id('1', n))
const C = [0, 1, 2].map((n) => id('2', n))
const S = [0, 1, 2, 3].map((n) => id('3', n))
const B = [0, 1, 2, 3, 4].map((n) => id('4', n))
const G = [0, 1, 2, 3].map((n) => id('5', n))
const T = [0, 1, 2, 3, 4, 5].map((n) => id('6', n))

const entity = (key: string, fields: EntityDoc['fields'], extra: Partial<EntityDoc> = {}): EntityDoc => ({ kind: 'entity', key, label: { uk: key }, fields, ...extra })

const docs: EntityDoc[] = [
  entity('user', { name: { type: 'string' } }, { table: 'users', managed: false }),
  entity('counterparty', { name: { type: 'string' } }),
  entity('street', { name: { type: 'string' }, district: { type: 'enum', options: ['center', 'north'] } }),
  entity('building', {
    street: { type: 'reference', to: 'street' },
    number: { type: 'string' },
    floors: { type: 'integer' },
  }),
  entity('tag', { name: { type: 'string' } }),
  entity(
    'ticket',
    {
      building: { type: 'reference', to: 'building' },
      counterparty: { type: 'reference', to: 'counterparty' },
      status: { type: 'enum', options: ['new', 'open', 'closed'] },
      title: { type: 'string' },
      count: { type: 'integer' },
      amount: { type: 'decimal' },
      due_at: { type: 'datetime' },
      due_date: { type: 'date' },
      urgent: { type: 'boolean' },
      payload: { type: 'json' },
      tags: { type: 'multi_reference', to: 'tag' },
    },
    { softDelete: true }
  ),
]

const schema: FilterSchema = createFilterSchema(docs, {
  table: (key) => `${ns}.${docs.find((d) => d.key === key)?.table ?? key}`,
  joinTable: (entityKey, field) => `${ns}.${entityKey}__${field}`,
})

const now = new Date('2024-05-02T12:00:00Z') // 15:00 in Kyiv: $today is 2024-05-02
const vars = (user?: FilterVariables['user']): FilterVariables => ({ now, user })
const oksana = { id: U[1], counterparty: C[1], buildings: [B[1], B[2]], count: 'abc', since: '2024-05-01T10:00:00Z' }
const bob = { id: U[2] }

interface Case {
  filter: Filter
  expect: number[]
  variables?: FilterVariables
  /** The entity filtered (default ticket); `expect` numbers its rows by their id's index. */
  entity?: string
  /** A caller's read scopes at every hop (core/records/context.ts builds them from the roles). */
  guard?: HopGuard
}

const IDS: Record<string, string[]> = { ticket: T, building: B, counterparty: C, street: S, tag: G, user: U }

const cases: Record<string, Case> = {
  // operators on columns
  eq: { filter: { status: { eq: 'new' } }, expect: [1, 5] },
  'eq null is IS NULL': { filter: { status: { eq: null } }, expect: [4] },
  'ne is NULL-safe': { filter: { status: { ne: 'new' } }, expect: [2, 3, 4] },
  'ne null': { filter: { status: { ne: null } }, expect: [1, 2, 3, 5] },
  in: { filter: { status: { in: ['open', 'closed'] } }, expect: [2, 3] },
  'in [] matches nothing': { filter: { status: { in: [] } }, expect: [] },
  'in with null': { filter: { status: { in: ['new', null] } }, expect: [1, 4, 5] },
  lt: { filter: { count: { lt: 5 } }, expect: [1, 4] },
  lte: { filter: { count: { lte: 5 } }, expect: [1, 2, 4] },
  gt: { filter: { count: { gt: 1 } }, expect: [2, 5] },
  'gte with an integer string': { filter: { count: { gte: '5' } }, expect: [2, 5] },
  'between is inclusive': { filter: { count: { between: [1, 5] } }, expect: [1, 2] },
  'between with low > high': { filter: { count: { between: [5, 1] } }, expect: [] },
  'integer beyond int4': { filter: { count: { lt: 3_000_000_000 } }, expect: [1, 2, 4, 5] },
  'several operators': { filter: { count: { gt: 0, lt: 100 } }, expect: [1, 2] },
  'decimal gt is exact': { filter: { amount: { gt: '10.5' } }, expect: [5] },
  'decimal eq number': { filter: { amount: { eq: 10.5 } }, expect: [1] },
  'decimal lt': { filter: { amount: { lt: 0.2 } }, expect: [2, 4] },
  'decimal beyond double precision': { filter: { amount: { gt: '12345678901.1234559' } }, expect: [5] },
  'decimal lt beyond double precision': { filter: { amount: { lt: '12345678901.1234561' } }, expect: [1, 2, 4, 5] },
  'decimal in': { filter: { amount: { in: ['-3.000', 0.1] } }, expect: [2, 4] },
  'datetime lt $now': { filter: { due_at: { lt: '$now' } }, expect: [1, 4] },
  'datetime gte $today (Kyiv midnight)': { filter: { due_at: { gte: '$today' } }, expect: [2, 5] },
  'datetime eq a date means Kyiv midnight': { filter: { due_at: { eq: '2024-05-01' } }, expect: [4] },
  'datetime between with offsets': {
    filter: { due_at: { between: ['2024-05-01T00:00:00Z', '2024-05-02T23:59:59+03:00'] } },
    expect: [1],
  },
  'datetime in SQL form, Kyiv time': { filter: { due_at: { gt: '2024-05-01 12:00' } }, expect: [2, 5] },
  'date eq $today': { filter: { due_date: { eq: '$today' } }, expect: [] },
  'date lte $today': { filter: { due_date: { lte: '$today' } }, expect: [1, 4] },
  'date gt $now (its Kyiv date)': { filter: { due_date: { gt: '$now' } }, expect: [2, 5] },
  'date between': { filter: { due_date: { between: ['2024-05-01', '2024-05-03'] } }, expect: [1, 2] },
  'boolean eq': { filter: { urgent: { eq: true } }, expect: [1, 5] },
  'boolean ne': { filter: { urgent: { ne: true } }, expect: [2, 3, 4] },
  'isNull true': { filter: { urgent: { isNull: true } }, expect: [3] },
  'isNull false on json': { filter: { payload: { isNull: false } }, expect: [1] },
  contains: { filter: { title: { contains: 'труби' } }, expect: [1] },
  'contains ignores case (Cyrillic)': { filter: { title: { contains: 'ПРОРИВ' } }, expect: [1] },
  'startsWith with a quote': { filter: { title: { startsWith: "o'" } }, expect: [2] },
  'contains % literally': { filter: { title: { contains: '%' } }, expect: [3] },
  'contains _ literally': { filter: { title: { contains: '_' } }, expect: [3] },
  'contains \\ literally': { filter: { title: { contains: '\\' } }, expect: [5] },
  'startsWith % literally': { filter: { title: { startsWith: '50%' } }, expect: [3] },
  'contains empty string': { filter: { title: { contains: '' } }, expect: [1, 2, 3, 5] },
  'startsWith $$ is a literal $': { filter: { title: { startsWith: '$$cost' } }, expect: [5] },
  'value injection is just a value': { filter: { title: { eq: `O'Brien"; drop table ticket; --` } }, expect: [2] },
  // system columns
  'id eq': { filter: { id: { eq: T[3] } }, expect: [3] },
  'id in, upper case': { filter: { id: { in: [T[1].toUpperCase(), T[2]] } }, expect: [1, 2] },
  'id ne': { filter: { id: { ne: T[1] } }, expect: [2, 3, 4, 5] },
  'version gt': { filter: { version: { gt: 1 } }, expect: [2, 3, 5] },
  'created_at gte a date': { filter: { created_at: { gte: '2024-01-03' } }, expect: [3, 4, 5] },
  'deleted_at isNull': { filter: { deleted_at: { isNull: true } }, expect: [1, 2, 4, 5] },
  'created_by eq $user.id': { filter: { created_by: { eq: '$user.id' } }, expect: [1, 3], variables: vars(oksana) },
  'created_by.name': { filter: { 'created_by.name': { eq: 'Bob' } }, expect: [2] },
  // reference paths
  'reference one level': { filter: { 'building.number': { eq: '2A' } }, expect: [2] },
  'reference two levels': { filter: { 'building.street.name': { eq: 'Шевченка' } }, expect: [1] },
  'isNull behind a reference needs the reference': { filter: { 'building.street.name': { isNull: true } }, expect: [5] },
  'ne behind references': { filter: { 'building.street.name': { ne: 'Шевченка' } }, expect: [2, 5] },
  'reference column isNull one level down': { filter: { 'building.street': { isNull: true } }, expect: [3] },
  'not of a path': { filter: { not: { 'building.street.name': { eq: 'Шевченка' } } }, expect: [2, 3, 4, 5] },
  'contains with wildcards behind references': { filter: { 'building.street.name': { contains: '%_main\\' } }, expect: [2] },
  'between behind a reference': { filter: { 'building.floors': { between: [2, 5] } }, expect: [1, 5] },
  'enum in behind references': { filter: { 'building.street.district': { in: ['center', 'north'] } }, expect: [1, 2] },
  'startsWith behind a reference': { filter: { 'counterparty.name': { startsWith: 'вод' } }, expect: [1, 4] },
  // multi_reference
  'multi eq': { filter: { tags: { eq: G[1] } }, expect: [1, 5] },
  'multi ne': { filter: { tags: { ne: G[1] } }, expect: [2, 3, 4] },
  'multi in': { filter: { tags: { in: [G[2], G[3]] } }, expect: [1, 2, 4, 5] },
  'multi isNull true': { filter: { tags: { isNull: true } }, expect: [3] },
  'multi isNull false': { filter: { tags: { isNull: false } }, expect: [1, 2, 4, 5] },
  'multi eq null': { filter: { tags: { eq: null } }, expect: [3] },
  'multi in with null': { filter: { tags: { in: [null, G[2]] } }, expect: [1, 3, 4] },
  'through multi': { filter: { 'tags.name': { eq: 'leak' } }, expect: [1, 5] },
  'through multi, contains': { filter: { 'tags.name': { contains: 'URG' } }, expect: [1, 4] },
  'through multi, isNull': { filter: { 'tags.name': { isNull: true } }, expect: [2, 5] },
  'through multi, ne': { filter: { 'tags.name': { ne: 'leak' } }, expect: [1, 2, 4, 5] },
  'operators of one condition hold on one related record': {
    filter: { 'tags.name': { startsWith: 'l', contains: 'g' } },
    expect: [],
  },
  'separate conditions may hold on different related records': {
    filter: { and: [{ 'tags.name': { startsWith: 'l' } }, { 'tags.name': { contains: 'g' } }] },
    expect: [1],
  },
  'multi then reference': { filter: { 'tags.created_by.name': { eq: 'Оксана' } }, expect: [1, 5] },
  // and / or / not
  'empty and is true': { filter: { and: [] }, expect: [1, 2, 3, 4, 5] },
  'empty or is false': { filter: { or: [] }, expect: [] },
  'empty condition is true': { filter: {}, expect: [1, 2, 3, 4, 5] },
  'not of empty and': { filter: { not: { and: [] } }, expect: [] },
  'not of empty or': { filter: { not: { or: [] } }, expect: [1, 2, 3, 4, 5] },
  'several paths are ANDed': { filter: { status: { eq: 'new' }, urgent: { eq: true }, count: { lt: 50 } }, expect: [1] },
  'nested or/and': {
    filter: { or: [{ status: { eq: 'closed' } }, { and: [{ urgent: { eq: true } }, { count: { gt: 50 } }] }] },
    expect: [3, 5],
  },
  'not is two-valued (null count matches)': { filter: { not: { count: { gt: 1 } } }, expect: [1, 3, 4] },
  'double not': { filter: { not: { not: { count: { gt: 1 } } } }, expect: [2, 5] },
  'not of or': { filter: { not: { or: [{ status: { eq: 'new' } }, { urgent: { eq: false } }] } }, expect: [3] },
  'not of and with nulls': { filter: { not: { and: [{ count: { gt: 0 } }, { urgent: { eq: true } }] } }, expect: [2, 3, 4] },
  // variables
  '$user.counterparty': { filter: { counterparty: { eq: '$user.counterparty' } }, expect: [1, 4], variables: vars(oksana) },
  'missing $user.counterparty matches nothing': {
    filter: { counterparty: { eq: '$user.counterparty' } },
    expect: [],
    variables: vars(bob),
  },
  'no user at all matches nothing': { filter: { counterparty: { eq: '$user.counterparty' } }, expect: [], variables: vars() },
  'missing variable in ne matches nothing': {
    filter: { counterparty: { ne: '$user.counterparty' } },
    expect: [],
    variables: vars(bob),
  },
  'not of a missing variable matches all': {
    filter: { not: { counterparty: { eq: '$user.counterparty' } } },
    expect: [1, 2, 3, 4, 5],
    variables: vars(bob),
  },
  'missing variable drops out of in': {
    filter: { counterparty: { in: ['$user.counterparty', C[2]] } },
    expect: [2, 5],
    variables: vars(bob),
  },
  'array variable spreads into in': { filter: { building: { in: ['$user.buildings'] } }, expect: [1, 2], variables: vars(oksana) },
  'variable that does not fit matches nothing': { filter: { count: { eq: '$user.count' } }, expect: [], variables: vars(oksana) },
  'datetime variable as string': { filter: { due_at: { lt: '$user.since' } }, expect: [1, 4], variables: vars(oksana) },
  'missing variable in contains': { filter: { title: { contains: '$user.nick' } }, expect: [], variables: vars(bob) },
  'missing variable in between': { filter: { count: { between: [0, '$user.max'] } }, expect: [], variables: vars(bob) },
  // shifted time variables
  '$now-P1D': { filter: { due_at: { gt: '$now-P1D' } }, expect: [2, 5] },
  '$now+P30D': { filter: { due_at: { lt: '$now+P30D' } }, expect: [1, 2, 4, 5] },
  '$today-P1D on a date': { filter: { due_date: { eq: '$today-P1D' } }, expect: [1] },
  '$today-P1D on a datetime is Kyiv midnight': { filter: { due_at: { gte: '$today-P1D' } }, expect: [1, 2, 4, 5] },
  // $exists: the reverse of a reference
  $exists: { entity: 'building', filter: { $exists: { entity: 'ticket', via: 'building' } }, expect: [1, 2, 3, 4] },
  '$exists where': { entity: 'building', filter: { $exists: { entity: 'ticket', via: 'building', where: { status: { eq: 'new' } } } }, expect: [1, 4] },
  '$exists through a multi_reference': {
    entity: 'tag',
    filter: { $exists: { entity: 'ticket', via: 'tags', where: { counterparty: { eq: C[1] } } } },
    expect: [1, 2],
  },
  'not $exists': { entity: 'tag', filter: { not: { $exists: { entity: 'ticket', via: 'tags', where: { status: { eq: 'open' } } } } }, expect: [1, 2] },
  '$exists nested': {
    entity: 'street',
    filter: { $exists: { entity: 'building', via: 'street', where: { $exists: { entity: 'ticket', via: 'building', where: { urgent: { eq: true } } } } } },
    expect: [1, 3],
  },
  '$exists with a path inside': {
    entity: 'counterparty',
    filter: { $exists: { entity: 'ticket', via: 'counterparty', where: { 'building.street.name': { eq: 'Шевченка' } } } },
    expect: [1],
  },
  '$exists with a variable': {
    entity: 'counterparty',
    filter: { $exists: { entity: 'ticket', via: 'counterparty', where: { created_by: { eq: '$user.id' } } } },
    expect: [1],
  },
  // hop guards: a caller's filter reaches only related records the caller may read
  'guard on a path': {
    filter: { 'building.street.name': { isNull: false } },
    guard: (e) => (e === 'street' ? { district: { eq: 'center' } } : undefined),
    expect: [1],
  },
  'guard false: a hop into what cannot be read matches nothing': {
    filter: { 'tags.name': { isNull: true } },
    guard: (e) => (e === 'tag' ? false : undefined),
    expect: [],
  },
  'not of a guarded hop': {
    filter: { not: { 'tags.name': { eq: 'leak' } } },
    guard: (e) => (e === 'tag' ? false : undefined),
    expect: [1, 2, 3, 4, 5],
  },
  'guard with its own path (not guarded again)': {
    filter: { 'building.number': { isNull: false } },
    guard: (e) => (e === 'building' ? { 'street.district': { eq: 'north' } } : e === 'street' ? false : undefined),
    expect: [2],
  },
  'guard at every hop of a long path': {
    filter: { 'building.street.district': { eq: 'center' } },
    guard: (e) => (e === 'building' ? { floors: { gt: 5 } } : undefined),
    expect: [],
  },
  'guard on $exists': {
    entity: 'building',
    filter: { $exists: { entity: 'ticket', via: 'building' } },
    guard: (e) => (e === 'ticket' ? { counterparty: { eq: '$user.counterparty' } } : undefined),
    expect: [1],
  },
  'guard with soft delete on $exists': {
    entity: 'building',
    filter: { $exists: { entity: 'ticket', via: 'building' } },
    guard: (e) => (e === 'ticket' ? { deleted_at: { isNull: true } } : undefined),
    expect: [1, 2, 4],
  },
}

describe('filter to SQL (PostgreSQL) and in memory', () => {
  let db: Knex
  const rows: Record<string, Record<string, unknown>[]> = {}

  beforeAll(async () => {
    db = knex({
      client: 'pg',
      connection: {
        connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
        // dates as the app reads them (core/config/database.ts), without touching pg's globals
        types: {
          getTypeParser: ((oid: number, format?: string) => (oid === 1082 ? (v: string) => v : (pg.types.getTypeParser as any)(oid, format))) as any,
        },
      } as any,
      pool: { min: 0, max: 2 },
    })
    await createTables(db)
    rows.ticket = (
      await db.raw(`
      SELECT t.*, coalesce((SELECT array_agg(target_id)::text[] FROM ${ns}.ticket__tags j WHERE j.source_id = t.id), '{}') AS tags
      FROM ${ns}.ticket t ORDER BY t.id`)
    ).rows
    for (const key of ['building', 'counterparty', 'street', 'tag']) rows[key] = await db.from(schema.table(key)).orderBy('id')
  })

  afterAll(async () => {
    await db?.raw(`DROP SCHEMA IF EXISTS ${ns} CASCADE`)
    await db?.destroy()
  })

  const resolve = async (entityKey: string, recordId: string) => db.from(schema.table(entityKey)).where({ id: recordId }).first()
  const label = (rowId: unknown) => T.indexOf(rowId as string)
  const referencing = async (entityKey: string, via: string, recordId: string) => {
    if (schema.entity(entityKey)!.fields[via].type !== 'multi_reference') return db.from(schema.table(entityKey)).where(via, recordId)
    const sources = db.from(schema.joinTable(entityKey, via)).select('source_id').where('target_id', recordId)
    return db.from(schema.table(entityKey)).whereIn('id', sources)
  }

  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      const variables = c.variables ?? vars(oksana)
      const key = c.entity ?? 'ticket'
      const labelOf = (rowId: unknown) => IDS[key].indexOf(rowId as string)
      const options = { guard: c.guard }
      const aliased = await applyFilter(db.from({ t: schema.table(key) }).select('t.id'), schema, key, c.filter, variables, 't', options)
      expect(aliased.map((r: { id: string }) => labelOf(r.id)).sort())
        .withContext('SQL, alias t')
        .toEqual(c.expect)
      // without an alias the columns are qualified by the (schema-qualified) table
      const plain = await applyFilter(db.from(schema.table(key)).select('id'), schema, key, c.filter, variables, undefined, options)
      expect(plain.map((r: { id: string }) => labelOf(r.id)).sort())
        .withContext('SQL, no alias')
        .toEqual(c.expect)
      for (const row of rows[key]) {
        const inMemory = await evaluateFilter(schema, key, c.filter, row, variables, resolve, { ...options, referencing })
        expect(inMemory)
          .withContext(`evaluateFilter on ${key} ${labelOf(row.id)}`)
          .toBe(c.expect.includes(labelOf(row.id)))
      }
    })
  }

  it('evaluates $exists only with a way to find referencing records', async () => {
    await expectAsync(evaluateFilter(schema, 'building', { $exists: { entity: 'ticket', via: 'building' } }, rows.building[0], vars(), resolve)).toBeRejectedWithError(/referencing/)
  })

  it('binds values and quotes identifiers', () => {
    const { sql, bindings } = filterToSql(db, schema, 'ticket', { status: { eq: "x' OR 1=1 --" } }, vars(), 't')
    expect(sql).toBe('("t"."status" = ?)')
    expect(bindings).toEqual(["x' OR 1=1 --"])
    const path = filterToSql(db, schema, 'ticket', { 'tags.name': { eq: 'leak' } }, vars(), 't')
    expect(path.sql).toBe(
      `(EXISTS (SELECT 1 FROM "${ns}"."ticket__tags" AS "_vf2" WHERE "_vf2"."source_id" = "t"."id" AND "_vf2"."target_id" IN ` +
        `(SELECT "_vf1"."id" FROM "${ns}"."tag" AS "_vf1" WHERE "_vf1"."name" = ?)))`
    )
    const reverse = filterToSql(db, schema, 'building', { $exists: { entity: 'ticket', via: 'building', where: { status: { eq: 'new' } } } }, vars(), 't', {
      guard: (e) => (e === 'ticket' ? { deleted_at: { isNull: true } } : undefined),
    })
    expect(reverse.sql).toBe(`(EXISTS (SELECT 1 FROM "${ns}"."ticket" AS "_vf1" WHERE "_vf1"."building" = "t"."id" AND "_vf1"."status" = ? AND "_vf1"."deleted_at" IS NULL))`)
    expect(reverse.bindings).toEqual(['new'])
  })

  it('rejects a key that tries to inject SQL, before any SQL is built', async () => {
    const evil = { 'name"; drop table x; --': { eq: 1 } } as Filter
    expect(validateFilter(schema, 'ticket', evil).map((e) => e.code)).toEqual(['unknown_field'])
    expect(() => applyFilter(db.from(schema.table('ticket')), schema, 'ticket', evil, vars())).toThrowError(FilterError)
    // even a field with such a key in the metadata never reaches SQL
    const odd = createFilterSchema([entity('ticket', { 'name"; drop table x; --': { type: 'string' } })])
    expect(() => filterToSql(db, odd, 'ticket', evil, vars())).toThrowError(FilterError)
    const stillThere = await db.raw(`SELECT count(*)::int AS n FROM ${ns}.ticket`)
    expect(stillThere.rows[0].n).toBe(5)
  })

  it('rejects NUL in a value instead of failing in PostgreSQL', () => {
    expect(() => filterToSql(db, schema, 'ticket', { title: { eq: 'a\u0000b' } }, vars())).toThrowError(FilterError)
  })

  it('runs a filter at the depth limit and refuses one past it', async () => {
    // eleven wrappers around a condition: twelve levels, six of them `not`
    let deep: Filter = { status: { eq: 'new' } }
    for (let i = 1; i < 12; i++) deep = i % 2 ? { not: deep } : { and: [deep, {}] }
    const rows = await applyFilter(db.from(schema.table('ticket')).select('id'), schema, 'ticket', deep, vars())
    expect(rows.map((r: { id: string }) => label(r.id)).sort()).toEqual([1, 5])
    expect(() => applyFilter(db.from(schema.table('ticket')), schema, 'ticket', { not: deep }, vars())).toThrowError(FilterError, /nested too deeply/)
  })

  it('runs an in of 1000 values and refuses 1001, or a filter of more than 500 parts', async () => {
    const many = Array.from({ length: 999 }, (_, n) => id('7', n))
    const rows = await applyFilter(db.from(schema.table('ticket')).select('id'), schema, 'ticket', { id: { in: [...many, T[1]] } }, vars())
    expect(rows.map((r: { id: string }) => r.id)).toEqual([T[1]])
    expect(() => filterToSql(db, schema, 'ticket', { id: { in: [...many, T[1], T[2]] } }, vars())).toThrowError(FilterError, /at most 1000 values/)
    const wide: Filter = { or: Array.from({ length: 300 }, () => ({ status: { eq: 'new' } })) }
    expect(() => filterToSql(db, schema, 'ticket', wide, vars())).toThrowError(FilterError, /too large/)
  })
})

async function createTables(db: Knex) {
  const system = `id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid, updated_by uuid, version integer NOT NULL DEFAULT 1`
  await db.raw(`CREATE SCHEMA ${ns}`)
  await db.raw(`
    CREATE TABLE ${ns}.users (${system}, name text);
    CREATE TABLE ${ns}.counterparty (${system}, name text);
    CREATE TABLE ${ns}.street (${system}, name text, district text);
    CREATE TABLE ${ns}.building (${system}, street uuid REFERENCES ${ns}.street, number text, floors integer);
    CREATE TABLE ${ns}.tag (${system}, name text);
    CREATE TABLE ${ns}.ticket (${system}, deleted_at timestamptz,
      building uuid REFERENCES ${ns}.building, counterparty uuid REFERENCES ${ns}.counterparty,
      status text, title text, count integer, amount numeric(18, 6), due_at timestamptz, due_date date,
      urgent boolean, payload jsonb);
    CREATE TABLE ${ns}.ticket__tags (source_id uuid NOT NULL REFERENCES ${ns}.ticket, target_id uuid NOT NULL REFERENCES ${ns}.tag,
      PRIMARY KEY (source_id, target_id));
  `)
  const into = (table: string) => db(`${ns}.${table}`)
  await into('users').insert([
    { id: U[1], name: 'Оксана' },
    { id: U[2], name: 'Bob' },
  ])
  await into('counterparty').insert([
    { id: C[1], name: 'Водоканал' },
    { id: C[2], name: 'Благоустрій' },
  ])
  await into('street').insert([
    { id: S[1], name: 'Шевченка', district: 'center' },
    { id: S[2], name: '100%_Main\\St', district: 'north' },
    { id: S[3], name: null, district: null },
  ])
  await into('building').insert([
    { id: B[1], street: S[1], number: '1', floors: 5 },
    { id: B[2], street: S[2], number: '2A', floors: 9 },
    { id: B[3], street: null, number: '3', floors: null },
    { id: B[4], street: S[3], number: '4', floors: 2 },
  ])
  await into('tag').insert([
    { id: G[1], name: 'leak', created_by: U[1] },
    { id: G[2], name: 'Urgent', created_by: U[2] },
    { id: G[3], name: null },
  ])
  const ticket = (n: number, fields: Record<string, unknown>) => ({ id: T[n], created_at: `2024-01-0${n}T12:00:00Z`, ...fields })
  await into('ticket').insert([
    ticket(1, {
      building: B[1],
      counterparty: C[1],
      status: 'new',
      title: 'Прорив труби',
      count: 1,
      amount: '10.50',
      due_at: '2024-05-01T09:00:00Z',
      due_date: '2024-05-01',
      urgent: true,
      payload: JSON.stringify({ a: 1 }),
      created_by: U[1],
      version: 1,
    }),
    ticket(2, {
      building: B[2],
      counterparty: C[2],
      status: 'open',
      title: `O'Brien"; drop table ticket; --`,
      count: 5,
      amount: '0.1',
      due_at: '2024-05-02T21:30:00Z',
      due_date: '2024-05-03',
      urgent: false,
      created_by: U[2],
      version: 2,
    }),
    ticket(3, {
      building: B[3],
      status: 'closed',
      title: '50% off_sale',
      created_by: U[1],
      version: 3,
      deleted_at: '2024-03-01T00:00:00Z',
    }),
    ticket(4, {
      building: null,
      counterparty: C[1],
      status: null,
      title: null,
      count: 0,
      amount: '-3',
      due_at: '2024-04-30T21:00:00Z',
      due_date: '2024-04-30',
      urgent: false,
      version: 1,
    }),
    ticket(5, {
      building: B[4],
      counterparty: C[2],
      status: 'new',
      title: '$cost back\\slash',
      count: 100,
      amount: '12345678901.123456',
      due_at: '2024-06-01T00:00:00Z',
      due_date: '2024-06-01',
      urgent: true,
      version: 7,
    }),
  ])
  await into('ticket__tags').insert([
    { source_id: T[1], target_id: G[1] },
    { source_id: T[1], target_id: G[2] },
    { source_id: T[2], target_id: G[3] },
    { source_id: T[4], target_id: G[2] },
    { source_id: T[5], target_id: G[1] },
    { source_id: T[5], target_id: G[3] },
  ])
}
