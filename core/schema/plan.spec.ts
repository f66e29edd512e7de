import knexFactory, { type Knex } from 'knex'
import type { EntityDoc, FieldDef } from '../shared/metadata.js'
import type { SchemaAction } from './actions.js'
import { applyPlan, assessPlan, DestructiveChangeError, previewPlan } from './apply.js'
import { fieldTypes } from './field_types.js'
import { introspect } from './introspect.js'
import { planSchema, type PlanOptions } from './plan.js'
import { ensureSearchConfig, normaliseApostrophes, SEARCH_CONFIG } from './search_setup.js'

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `vikno_schema_spec_${process.pid}_${Date.now().toString(36)}`
const configSchema = `${schema}_cfg`

function entity(key: string, fields: Record<string, FieldDef>, extra: Partial<EntityDoc> = {}): EntityDoc {
  return { kind: 'entity', key, label: { uk: key }, fields, ...extra } as EntityDoc
}

describe('schema compiler (PostgreSQL)', () => {
  let knex: Knex
  let dictionary: string

  const plan = async (entities: EntityDoc[], options: PlanOptions = {}) => planSchema(entities, await introspect(knex, schema), options)
  const apply = (actions: SchemaAction[], confirm = false) => knex.transaction((trx) => applyPlan(trx, actions, { confirm, schema }))
  const sync = async (entities: EntityDoc[], options: PlanOptions & { confirm?: boolean } = {}) => {
    const actions = await plan(entities, options)
    await apply(actions, options.confirm)
    return actions
  }
  const kinds = (actions: SchemaAction[]) => actions.map((a) => a.kind)

  beforeAll(async () => {
    knex = knexFactory({ client: 'pg', connection: url, searchPath: [schema, 'public'], pool: { min: 0, max: 4 } })
    await knex.raw(`create schema "${schema}"`)
    // Engine tables the compiler refers to but does not own.
    await knex.raw(`create table "${schema}".sys_files (id uuid primary key default gen_random_uuid())`)
    await knex.raw(`create table "${schema}".sys_users (id uuid primary key default gen_random_uuid(), login text)`)
    dictionary = (await ensureSearchConfig(knex, { schema })).dictionary
  })

  afterAll(async () => {
    await knex.raw(`drop schema if exists "${schema}" cascade`)
    await knex.raw(`drop schema if exists "${configSchema}" cascade`)
    await knex.destroy()
  })

  describe('from scratch', () => {
    const user = entity('user', { login: { type: 'string' } }, { managed: false, table: 'sys_users' })
    const street = entity('street', { name: { type: 'string', search: true, required: true } })
    const tag = entity('tag', { name: { type: 'string', unique: true } })
    const ticket = entity(
      'ticket',
      {
        number: { type: 'integer', unique: true },
        title: { type: 'string', maxLength: 100, search: true, required: true },
        body: { type: 'text', search: true },
        amount: { type: 'decimal', precision: 10, scale: 3 },
        cost: { type: 'money' },
        urgent: { type: 'boolean' },
        due: { type: 'date' },
        closed_at: { type: 'datetime' },
        spent: { type: 'duration' },
        status: { type: 'enum', options: ['new', 'open', 'closed'], indexed: true },
        street: { type: 'reference', to: 'street', onDelete: 'set_null' },
        parent: { type: 'reference', to: 'ticket', onDelete: 'cascade' },
        assignee: { type: 'reference', to: 'user' },
        tags: { type: 'multi_reference', to: 'tag' },
        phone: { type: 'phone', search: true },
        email: { type: 'email' },
        site: { type: 'url' },
        extra: { type: 'json' },
        photo: { type: 'file' },
        location: { type: 'geo_point' },
      },
      { softDelete: true, indexes: [['status', 'created_at']] }
    )
    // Declared before the tables it refers to: the plan must still create those first.
    const entities = [ticket, user, street, tag]

    let first: SchemaAction[]
    beforeAll(async () => {
      first = await sync(entities)
    })

    it('creates referenced tables first and adds nothing destructive', () => {
      const creates = first.filter((a) => a.kind === 'create_table').map((a) => a.table)
      expect(creates.indexOf('street')).toBeLessThan(creates.indexOf('ticket'))
      expect(creates.indexOf('sys_users')).toBe(-1) // managed: false is never touched
      expect(first.some((a) => a.destructive)).toBeFalse()
      expect(kinds(first)).toContain('create_join_table')
    })

    it('plans nothing the second time (idempotent)', async () => {
      expect(await plan(entities)).toEqual([])
    })

    it('builds the tables, keys and indexes the metadata asks for', async () => {
      const live = await introspect(knex, schema)
      const t = live.tables.ticket
      expect(t.columns.title).toEqual(jasmine.objectContaining({ udt: 'varchar', charLength: 100, nullable: true }))
      expect(t.columns.amount).toEqual(jasmine.objectContaining({ udt: 'numeric', precision: 10, scale: 3 }))
      expect(t.columns.spent.udt).toBe('interval')
      expect(t.columns.location.udt).toBe('jsonb')
      expect(t.columns.deleted_at.udt).toBe('timestamptz')
      expect(t.columns.search_tsv.generated).toContain('to_tsvector')
      expect(t.columns.tags).toBeUndefined()
      expect(t.indexes.ticket_number_key.unique).toBeTrue()
      // plain indexes end with the list order (created_at, id), and the table has one for it
      expect(t.indexes.ticket_status_created_at_id_idx.columns).toEqual(['status', 'created_at', 'id'])
      expect(t.indexes.ticket_created_at_id_idx.columns).toEqual(['created_at', 'id'])
      expect(t.indexes.ticket_search_tsv_idx.method).toBe('gin')
      expect(Boolean(t.indexes.ticket_search_text_idx)).withContext('trigram index iff pg_trgm').toBe(Boolean(live.extensions.pg_trgm))
      const fk = (column: string) => t.foreignKeys.find((k) => k.columns[0] === column)
      expect(fk('street')).toEqual(jasmine.objectContaining({ refTable: 'street', onDelete: 'set null' }))
      expect(fk('parent')).toEqual(jasmine.objectContaining({ refTable: 'ticket', onDelete: 'cascade' }))
      expect(fk('assignee')).toEqual(jasmine.objectContaining({ refTable: 'sys_users', onDelete: 'restrict' }))
      expect(fk('photo')?.refTable).toBe('sys_files')
      const join = live.tables.ticket__tags
      expect(Object.keys(join.columns).sort()).toEqual(['source_id', 'target_id'])
      expect(join.indexes.ticket__tags_pkey.columns).toEqual(['source_id', 'target_id'])
      expect(join.indexes.ticket__tags_target_id_idx).toBeDefined()
      expect(join.foreignKeys.map((k) => `${k.columns[0]}>${k.refTable}:${k.onDelete}`).sort()).toEqual(['source_id>ticket:cascade', 'target_id>tag:cascade'])
    })

    it('stores values through toDb and reads them back through fromDb', async () => {
      const values: Record<string, unknown> = {
        number: 1,
        title: 'Тече труба',
        amount: '12.5',
        cost: 99.9,
        urgent: true,
        due: '2024-02-29',
        closed_at: '2024-05-01T10:00:00+03:00',
        spent: 'PT1H30M',
        status: 'new',
        phone: '067 123 45 67',
        email: 'olena@example.com',
        site: 'https://vikno.city',
        extra: [1, { a: 2 }],
        location: { lat: 50.58, lon: 30.49 },
      }
      const row: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(values)) row[key] = fieldTypes.get(ticket.fields[key].type).toDb?.(value, ticket.fields[key]) ?? value
      const [{ id }] = await knex.withSchema(schema).table('ticket').insert(row).returning('id')
      const stored = await knex.withSchema(schema).table('ticket').where({ id }).first()
      const read = (key: string) => fieldTypes.get(ticket.fields[key].type).fromDb?.(stored[key], ticket.fields[key]) ?? stored[key]
      expect(read('phone')).toBe('+380671234567')
      expect(read('spent')).toBe('PT1H30M')
      expect(read('amount')).toBe('12.500')
      expect(read('cost')).toBe('99.90')
      expect(read('due')).toBe('2024-02-29')
      expect(read('closed_at')).toBe('2024-05-01T07:00:00.000Z')
      expect(read('extra')).toEqual([1, { a: 2 }])
      expect(read('location')).toEqual({ lat: 50.58, lon: 30.49 })
      expect(stored.version).toBe(1)
    })

    it('finds Ukrainian words through search_tsv, whatever their form and apostrophe', async () => {
      await knex.withSchema(schema).table('street').insert({ name: "вулиця Під'їзна" })
      const [{ id }] = await knex.withSchema(schema).table('ticket').insert({ title: 'Протікає каналізація під вулицею', body: "Біля під'їзду №3 вода", number: 2 }).returning('id')
      const found = async (q: string) =>
        (
          await knex
            .withSchema(schema)
            .table('ticket')
            .select('id')
            .whereRaw(`search_tsv @@ websearch_to_tsquery(?, ?)`, [SEARCH_CONFIG, normaliseApostrophes(q)])
        ).map((r) => r.id)
      expect(await found('каналізація')).toEqual([id])
      expect(await found('під’їзду'))
        .withContext('apostrophe variants are one word')
        .toEqual([id])
      expect(await found('під їзду'))
        .withContext('the halves are not words of their own')
        .toEqual([])
      // both modes: the server by bin/install_uk_dictionary.sh, the embedded database at its start
      expect(dictionary).toBe('hunspell_uk')
      expect(await found('вулиця'))
        .withContext('вулицею → вулиця')
        .toEqual([id])
      expect(await found('каналізацію під`їзд')).toEqual([id])
      const text = await knex
        .withSchema(schema)
        .table('ticket')
        .select('id')
        .where('search_text', 'like', '%під' + 'ʼ' + 'їзду%')
      expect(text.map((r) => r.id)).toEqual([id])
    })

    it('previews the SQL of a plan without running it', async () => {
      const sql = previewPlan(knex, await plan([...entities, entity('extra_one', { a: { type: 'string' } })]), { schema })
      expect(sql[0]).toMatch(/^create table "[^"]+"\."extra_one" \(/)
      expect(await plan(entities)).toEqual([])
    })
  })

  it('adds a new field with add_column only', async () => {
    const before = entity('note', { title: { type: 'string' } })
    await sync([before])
    const after = entity('note', { title: { type: 'string' }, body: { type: 'text' } })
    const actions = await plan([after])
    expect(kinds(actions)).toEqual(['add_column'])
    expect(actions[0]).toEqual(jasmine.objectContaining({ table: 'note', column: 'body', destructive: false }))
    await apply(actions)
    expect(await plan([after])).toEqual([])
  })

  it('refuses a string → integer change without confirmation, saying how many rows it touches', async () => {
    await sync([entity('meter', { code: { type: 'string' } })])
    await knex
      .withSchema(schema)
      .table('meter')
      .insert([{ code: '42' }, { code: '7' }, { code: null }])
    const changed = [entity('meter', { code: { type: 'integer' } })]
    const actions = await plan(changed)
    expect(actions).toEqual([jasmine.objectContaining({ kind: 'alter_column_type', column: 'code', from: 'varchar(255)', destructive: true })])
    const assessments = await assessPlan(knex, actions, { schema })
    expect(assessments.map((a) => a.rows)).toEqual([2])
    let refusal: unknown
    await apply(actions).catch((error) => (refusal = error))
    expect(refusal).toBeInstanceOf(DestructiveChangeError)
    expect((refusal as DestructiveChangeError).assessments[0].rows).toBe(2)
    expect((refusal as Error).message).toContain('2 rows have a value')
    expect((await introspect(knex, schema)).tables.meter.columns.code.udt).toBe('varchar')

    await apply(actions, true)
    const rows = await knex.withSchema(schema).table('meter').select('code').orderBy('code')
    expect(rows.map((r) => r.code)).toEqual([7, 42, null])
    expect(await plan(changed)).toEqual([])
  })

  it('keeps the column and its data when a field is removed (no action without dropRemoved)', async () => {
    const full = entity('contact', { name: { type: 'string' }, nickname: { type: 'string', indexed: true } })
    await sync([full])
    await knex.withSchema(schema).table('contact').insert({ name: 'Олена', nickname: 'olena' })
    const slim = entity('contact', { name: { type: 'string' } })
    expect(await plan([slim])).toEqual([])
    await sync([slim])
    expect((await knex.withSchema(schema).table('contact').first()).nickname).toBe('olena')
    // Rolling the field back finds it as it was.
    expect(await plan([full])).toEqual([])

    // Other specs' tables share the schema and would be dropped too: keep this one's.
    const drop = (await plan([slim], { dropRemoved: true })).filter((d) => d.table === 'contact')
    expect(drop).toEqual([jasmine.objectContaining({ kind: 'drop_column', column: 'nickname', destructive: true })])
    await apply(drop, true)
    expect((await introspect(knex, schema)).tables.contact.columns.nickname).toBeUndefined()
  })

  it('widens varchar(100) → varchar(255) without confirmation, but flags narrowing', async () => {
    await sync([entity('address', { line: { type: 'string', maxLength: 100 } })])
    const wide = await plan([entity('address', { line: { type: 'string', maxLength: 255 } })])
    expect(wide).toEqual([jasmine.objectContaining({ kind: 'alter_column_type', destructive: false })])
    await apply(wide)
    const narrow = await plan([entity('address', { line: { type: 'string', maxLength: 50 } })])
    expect(narrow).toEqual([jasmine.objectContaining({ kind: 'alter_column_type', destructive: true })])
    const precise = await plan([entity('address', { line: { type: 'string', maxLength: 255 }, n: { type: 'decimal' } })])
    await apply(precise)
    const more = await plan([entity('address', { line: { type: 'string', maxLength: 255 }, n: { type: 'decimal', precision: 20, scale: 6 } })])
    expect(more).toEqual([jasmine.objectContaining({ kind: 'alter_column_type', column: 'n', destructive: false })])
    const fewer = await plan([entity('address', { line: { type: 'string', maxLength: 255 }, n: { type: 'decimal', precision: 18, scale: 8 } })])
    expect(fewer).toEqual([jasmine.objectContaining({ kind: 'alter_column_type', column: 'n', destructive: true })])
  })

  it('rebuilds the search columns when the searched fields change', async () => {
    const v1 = entity('place', { name: { type: 'string', search: true }, note: { type: 'text' } })
    await sync([v1])
    await knex.withSchema(schema).table('place').insert({ name: 'Ринок', note: 'поруч школа' })
    const v2 = entity('place', { name: { type: 'string', search: true }, note: { type: 'text', search: true } })
    const actions = await plan([v2])
    expect(kinds(actions)).toEqual(['set_search_columns'])
    expect(actions[0].destructive).toBeFalse()
    await apply(actions)
    expect(await plan([v2])).toEqual([])
    const hits = await knex.withSchema(schema).table('place').whereRaw(`search_tsv @@ websearch_to_tsquery(?, 'школа')`, [SEARCH_CONFIG])
    expect(hits.length).toBe(1)
    // A searched column changing type takes the generated columns down and up around it.
    const v3 = entity('place', { name: { type: 'string', search: true, maxLength: 80 }, note: { type: 'text', search: true } })
    expect(kinds(await plan([v3]))).toEqual(['alter_column_type', 'set_search_columns'])
    await sync([v3], { confirm: true })
    const none = entity('place', { name: { type: 'string', maxLength: 80 }, note: { type: 'text' } })
    await sync([none])
    expect((await introspect(knex, schema)).tables.place.columns.search_tsv).toBeUndefined()
    expect(await plan([none])).toEqual([])
  })

  it('handles references in a cycle and changes of target and delete rule', async () => {
    const dept = entity('dept', { head: { type: 'reference', to: 'person' } })
    const person = entity('person', { dept: { type: 'reference', to: 'dept', onDelete: 'cascade' } })
    await sync([dept, person])
    expect(await plan([dept, person])).toEqual([])
    const person2 = entity('person', { dept: { type: 'reference', to: 'dept', onDelete: 'set_null' } })
    expect(kinds(await plan([dept, person2]))).toEqual(['drop_foreign_key', 'add_foreign_key'])
    await sync([dept, person2])
    const dept2 = entity('dept', { head: { type: 'string' } })
    const actions = await plan([dept2, person2])
    expect(kinds(actions)).toEqual(['drop_foreign_key', 'drop_index', 'alter_column_type'])
    await sync([dept2, person2], { confirm: true })
    expect(await plan([dept2, person2])).toEqual([])
  })

  it('drops a removed entity only with dropRemoved, and only tables it created', async () => {
    const a = entity('gone', { tags: { type: 'multi_reference', to: 'gone' } })
    await sync([a])
    await knex.raw(`create table "${schema}".not_ours (id int)`)
    expect(await plan([])).toEqual([])
    // Other specs' tables share the schema: look at this spec's only.
    const drops = (await plan([], { dropRemoved: true })).filter((d) => d.table.startsWith('gone') || d.table === 'not_ours')
    expect(drops.map((d) => `${d.kind}:${d.table}:${d.destructive}`).sort()).toEqual(['drop_table:gone:true', 'drop_table:gone__tags:true'])
    await knex.withSchema(schema).table('gone').insert({})
    const [table] = await assessPlan(
      knex,
      drops.filter((d) => d.table === 'gone'),
      { schema }
    )
    expect(table.rows).toBe(1)
    await apply(drops, true)
    const live = await introspect(knex, schema)
    expect(live.tables.gone).toBeUndefined()
    expect(live.tables.not_ours).toBeDefined()
  })

  it('fails at apply, atomically, when a unique index meets duplicates', async () => {
    await sync([entity('code_book', { code: { type: 'string' } })])
    await knex
      .withSchema(schema)
      .table('code_book')
      .insert([{ code: 'A' }, { code: 'A' }])
    const unique = [entity('code_book', { code: { type: 'string', unique: true }, extra: { type: 'text' } })]
    const actions = await plan(unique)
    expect(kinds(actions).sort()).toEqual(['add_column', 'add_index'])
    await expectAsync(apply(actions)).toBeRejectedWithError(/could not create unique index/)
    expect((await introspect(knex, schema)).tables.code_book.columns.extra).toBeUndefined()
  })

  it('sets up search idempotently, even when two processes start at once', async () => {
    await knex.raw(`create schema "${configSchema}"`)
    const [a, b] = await Promise.all([ensureSearchConfig(knex, { schema: configSchema }), ensureSearchConfig(knex, { schema: configSchema })])
    expect(a).toEqual(b)
    expect(await ensureSearchConfig(knex, { schema: configSchema })).toEqual(a)
    const { rows } = await knex.raw(`select count(*)::int as n from pg_ts_config c join pg_namespace n on n.oid = c.cfgnamespace where n.nspname = ? and c.cfgname = ?`, [configSchema, SEARCH_CONFIG])
    expect(rows[0].n).toBe(1)
    expect(a.dictionary).toBe(dictionary as typeof a.dictionary)
  })
})
