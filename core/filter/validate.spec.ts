import type { EntityDoc } from '../shared/metadata.js'
import type { Filter } from '../shared/filter.js'
import { createFilterSchema } from './context.js'
import { assertFilter, FilterError, validateFilter } from './validate.js'

const entity = (key: string, fields: EntityDoc['fields'], extra: Partial<EntityDoc> = {}): EntityDoc => ({ kind: 'entity', key, label: { uk: key }, fields, ...extra })

const schema = createFilterSchema([
  entity('user', { name: { type: 'string' } }, { table: 'users' }),
  entity('street', { name: { type: 'string' } }),
  entity('building', { street: { type: 'reference', to: 'street' }, floors: { type: 'integer' } }),
  entity('tag', { name: { type: 'string' } }),
  entity(
    'ticket',
    {
      building: { type: 'reference', to: 'building' },
      nowhere: { type: 'reference', to: 'missing_entity' },
      status: { type: 'enum', options: ['new', 'open'] },
      title: { type: 'string' },
      count: { type: 'integer' },
      amount: { type: 'money' },
      due_at: { type: 'datetime' },
      due_date: { type: 'date' },
      urgent: { type: 'boolean' },
      payload: { type: 'json' },
      tags: { type: 'multi_reference', to: 'tag' },
    },
    { softDelete: true }
  ),
])

const UUID = '123e4567-e89b-42d3-a456-426614174000'
const errors = (filter: unknown, options?: Parameters<typeof validateFilter>[3]) => validateFilter(schema, 'ticket', filter, options).map((e) => `${e.pointer} ${e.code}`)

describe('validateFilter', () => {
  it('accepts a well-formed filter', () => {
    const filter: Filter = {
      and: [
        { status: { in: ['new', 'open'] } },
        { 'building.street.name': { contains: 'Шевч' } },
        { or: [{ urgent: { eq: true } }, { due_at: { lt: '$now' } }, { due_date: { gte: '$today' } }] },
        { not: { tags: { in: [UUID, null] } } },
        { 'tags.name': { startsWith: 'le' }, count: { between: [1, '5'] }, amount: { gt: '10.50' } },
        { created_by: { eq: '$user.id' }, 'created_by.name': { ne: null } },
        { id: { ne: UUID }, version: { gte: 2 }, created_at: { lt: '2024-05-01T10:00:00+03:00' } },
        { deleted_at: { isNull: true }, payload: { isNull: false } },
        {},
      ],
    }
    expect(errors(filter)).toEqual([])
  })

  it('checks the structure', () => {
    expect(errors([])).toEqual([' bad_structure'])
    expect(errors(null)).toEqual([' bad_structure'])
    expect(errors({ and: {} })).toEqual(['/and bad_structure'])
    expect(errors({ or: [1, { status: { eq: 'new' } }] })).toEqual(['/or/0 bad_structure'])
    expect(errors({ not: [] })).toEqual(['/not bad_structure'])
    expect(errors({ and: [], status: { eq: 'new' } })).toEqual([' bad_structure'])
    expect(errors({ status: 'new' })).toEqual(['/status bad_structure'])
    expect(errors({ status: {} })).toEqual(['/status bad_structure'])
    expect(errors({ status: { like: 'n%' } })).toEqual(['/status/like unknown_operator'])
  })

  it('resolves paths through references and system columns', () => {
    expect(errors({ nope: { eq: 1 } })).toEqual(['/nope unknown_field'])
    expect(errors({ 'building.nope': { eq: 1 } })).toEqual(['/building.nope unknown_field'])
    expect(errors({ 'status.x': { eq: 1 } })).toEqual(['/status.x unknown_field'])
    expect(errors({ 'nowhere.x': { eq: 1 } })).toEqual(['/nowhere.x unknown_field'])
    expect(errors({ 'building..street': { isNull: true } })).toEqual(['/building..street unknown_field'])
    expect(errors({ '': { isNull: true } })).toEqual(['/ unknown_field'])
    expect(errors({ constructor: { isNull: true }, __proto__x: { isNull: true } })).toEqual(['/constructor unknown_field', '/__proto__x unknown_field'])
    expect(errors({ 'building.street': { eq: UUID }, 'building.id': { eq: UUID } })).toEqual([])
    // deleted_at exists only on soft-deleting entities
    expect(validateFilter(schema, 'building', { deleted_at: { isNull: true } })[0].code).toBe('unknown_field')
    expect(errors({ 'building.street.name.x': { eq: 'a' } })).toEqual(['/building.street.name.x unknown_field'])
  })

  it('rejects keys that try to inject SQL, even when the metadata has them', () => {
    const evil = 'name"; drop table x; --'
    expect(errors({ [evil]: { eq: 1 } })).toEqual([`/${evil} unknown_field`])
    const odd = createFilterSchema([entity('ticket', { [evil]: { type: 'string' } })])
    expect(validateFilter(odd, 'ticket', { [evil]: { eq: 'a' } })[0].code).toBe('unknown_field')
  })

  it('allows only the operators of the field type', () => {
    expect(errors({ title: { lt: 'b' } })).toEqual(['/title/lt operator_not_allowed'])
    expect(errors({ tags: { contains: 'a' } })).toEqual(['/tags/contains operator_not_allowed'])
    expect(errors({ payload: { eq: 'a' } })).toEqual(['/payload/eq operator_not_allowed'])
    expect(errors({ urgent: { in: [true] } })).toEqual(['/urgent/in operator_not_allowed'])
    expect(errors({ id: { gt: UUID } })).toEqual(['/id/gt operator_not_allowed'])
    // the registry may narrow what the compiler supports
    const narrow = createFilterSchema([entity('ticket', { title: { type: 'string' } })], {
      operators: (type) => (type === 'string' ? ['eq'] : []),
    })
    expect(validateFilter(narrow, 'ticket', { title: { contains: 'a' } })[0].code).toBe('operator_not_allowed')
    expect(validateFilter(narrow, 'ticket', { version: { gt: 1 } })[0].code).toBe('operator_not_allowed')
  })

  it('checks value types', () => {
    expect(
      errors({
        status: { in: 'new' },
        count: { between: [1] },
        urgent: { isNull: 'yes' },
        title: { contains: 5 },
      })
    ).toEqual(['/status/in bad_value', '/count/between bad_value', '/urgent/isNull bad_value', '/title/contains bad_value'])
    expect(
      errors({
        count: { eq: 1.5, ne: '12', lt: null, gt: 2 ** 60 },
        amount: { eq: 'abc', ne: '1e999999', lt: 12.25 },
        due_at: { eq: 'tomorrow', ne: '2024-05-01 10:00' },
        due_date: { eq: '2024-02-30', ne: '2024-02-29' },
        building: { eq: 'not-a-uuid', ne: UUID.toUpperCase() },
        title: { eq: 5, ne: 'a\u0000b', in: ['a', null, { x: 1 }] },
        urgent: { eq: 'true', ne: false },
        tags: { eq: 'x', in: [UUID, 'y'] },
      })
    ).toEqual([
      '/count/eq bad_value',
      '/count/lt bad_value',
      '/count/gt bad_value',
      '/amount/eq bad_value',
      '/amount/ne bad_value',
      '/due_at/eq bad_value',
      '/due_date/eq bad_value',
      '/building/eq bad_value',
      '/title/eq bad_value',
      '/title/ne bad_value',
      '/title/in/2 bad_value',
      '/urgent/eq bad_value',
      '/tags/eq bad_value',
      '/tags/in/1 bad_value',
    ])
    expect(errors({ count: { between: [1, null] } })).toEqual(['/count/between/1 bad_value'])
  })

  it('knows the variables, and $$ as a literal $', () => {
    expect(
      errors({
        due_at: { lt: '$now', gt: '$today' },
        building: { eq: '$user.building', in: ['$user.buildings'] },
        title: { eq: '$$now', contains: '$user.any_thing' },
      })
    ).toEqual([])
    expect(
      errors({
        due_at: { lt: '$yesterday' },
        building: { eq: '$user', ne: '$user.' },
        title: { in: ['$me'] },
      })
    ).toEqual(['/due_at/lt unknown_variable', '/building/eq unknown_variable', '/building/ne unknown_variable', '/title/in/0 unknown_variable'])
    // `$$x` is the text `$x`, which is not a uuid
    expect(errors({ building: { eq: '$$user.id' } })).toEqual(['/building/eq bad_value'])
  })

  it('writes RFC 6901 pointers under a prefix', () => {
    const found = validateFilter(schema, 'ticket', { and: [{ 'a/b~c': { eq: 1 } }, { status: { in: [1] } }] }, { pointer: '/filter' })
    expect(found).toEqual([
      { pointer: '/filter/and/0/a~1b~0c', message: 'Unknown field', code: 'unknown_field' },
      { pointer: '/filter/and/1/status/in/0', message: 'Expected a string', code: 'bad_value' },
    ])
  })

  it('treats unreadable fields like unknown ones, along the whole path', () => {
    const readable = (e: string, f: string) => !(e === 'ticket' && f === 'title') && !(e === 'street' && f === 'name')
    const found = validateFilter(
      schema,
      'ticket',
      {
        title: { eq: 'a' },
        'building.street.name': { eq: 'a' },
        'building.floors': { gt: 1 },
      },
      { readable }
    )
    expect(found.map((e) => `${e.pointer} ${e.code} ${e.message}`)).toEqual(['/title field_not_readable Unknown field', '/building.street.name field_not_readable Unknown field'])
    expect(found[0].message).toBe(validateFilter(schema, 'ticket', { nope: { eq: 'a' } })[0].message)
  })

  describe('limits', () => {
    it('caps the depth at 12 levels', () => {
      let filter: Filter = { status: { eq: 'new' } }
      for (let i = 1; i < 12; i++) filter = { not: filter }
      expect(errors(filter)).toEqual([])
      expect(errors({ and: [filter] })).toEqual([`/and/0${'/not'.repeat(11)} too_deep`])
    })

    it('caps the size at 500 parts with one error', () => {
      const wide = { or: Array.from({ length: 300 }, () => ({ status: { eq: 'bad', ne: 5 } })) }
      expect(validateFilter(schema, 'ticket', wide, { pointer: '/filter' }).filter((e) => e.code === 'too_large')).toEqual([
        { pointer: '/filter', message: 'Filter is too large (more than 500 parts)', code: 'too_large' },
      ])
      expect(errors({ or: Array.from({ length: 200 }, () => ({ status: { eq: 'new' } })) })).toEqual([])
    })

    it('caps in lists and path length', () => {
      expect(errors({ count: { in: Array.from({ length: 1001 }, (_, i) => i) } })).toEqual(['/count/in too_large'])
      expect(errors({ 'building.street.name': { eq: 'a' } }, { limits: { maxPathSegments: 2 } })).toEqual(['/building.street.name too_deep'])
    })

    it('stops on cyclic input', () => {
      const cyclic: Record<string, unknown> = {}
      cyclic.not = cyclic
      expect(errors(cyclic)).toEqual([`${'/not'.repeat(12)} too_deep`])
    })
  })

  it('knows time variables shifted by an ISO 8601 duration', () => {
    expect(errors({ due_at: { gt: '$now-P30D', lt: '$now+PT2H' }, due_date: { eq: '$today-P1D' } })).toEqual([])
    expect(errors({ due_at: { gt: '$now-30d', lt: '$now+P' }, due_date: { eq: '$today*P1D' } })).toEqual([
      '/due_at/gt unknown_variable',
      '/due_at/lt unknown_variable',
      '/due_date/eq unknown_variable',
    ])
  })

  describe('$exists (the reverse of a reference)', () => {
    const exists = (spec: unknown) => ({ $exists: spec })
    const onBuilding = (filter: unknown, options?: Parameters<typeof validateFilter>[3]) => validateFilter(schema, 'building', filter, options).map((e) => `${e.pointer} ${e.code}`)

    it('accepts a reference or multi_reference of another entity to this one, with a where on that entity', () => {
      expect(onBuilding(exists({ entity: 'ticket', via: 'building' }))).toEqual([])
      expect(onBuilding({ not: exists({ entity: 'ticket', via: 'building', where: { 'tags.name': { eq: 'x' }, status: { in: ['new'] } } }) })).toEqual([])
      expect(validateFilter(schema, 'tag', exists({ entity: 'ticket', via: 'tags' }))).toEqual([])
      expect(validateFilter(schema, 'street', exists({ entity: 'building', via: 'street', where: exists({ entity: 'ticket', via: 'building' }) }))).toEqual([])
    })

    it('refuses a bad node with pointers', () => {
      expect(onBuilding({ ...exists({ entity: 'ticket', via: 'building' }), floors: { eq: 1 } })).toEqual([' bad_structure'])
      expect(onBuilding(exists([]))).toEqual(['/$exists bad_structure'])
      expect(onBuilding(exists({ entity: 'ticket', via: 'building', limit: 1 }))).toEqual(['/$exists/limit bad_structure'])
      expect(onBuilding(exists({ entity: 'nope', via: 'building' }))).toEqual(['/$exists/entity unknown_field'])
      expect(onBuilding(exists({ entity: 'ticket', via: 'status' }))).toEqual(['/$exists/via unknown_field'])
      expect(onBuilding(exists({ entity: 'ticket', via: 'tags' }))).toEqual(['/$exists/via unknown_field'])
      expect(onBuilding(exists({ entity: 'ticket', via: 'created_by' }))).toEqual(['/$exists/via unknown_field'])
      expect(onBuilding(exists({ entity: 'ticket', via: 'building', where: { floors: { eq: 1 } } }))).toEqual(['/$exists/where/floors unknown_field'])
      expect(onBuilding(exists({ entity: 'ticket', via: 'building', where: { status: { eq: 'x', lt: 1 } } }))).toEqual(['/$exists/where/status/lt operator_not_allowed'])
    })

    it('checks readability of via and of the where, and may be refused where it cannot run', () => {
      const readable = (entity: string, field: string) => !(entity === 'ticket' && field === 'building')
      expect(onBuilding(exists({ entity: 'ticket', via: 'building' }), { readable })).toEqual(['/$exists/via field_not_readable'])
      const noTitle = (_entity: string, field: string) => field !== 'title'
      expect(onBuilding(exists({ entity: 'ticket', via: 'building', where: { title: { eq: 'x' } } }), { readable: noTitle })).toEqual(['/$exists/where/title field_not_readable'])
      expect(onBuilding({ and: [exists({ entity: 'ticket', via: 'building' })] }, { reverse: false })).toEqual(['/and/0/$exists bad_structure'])
    })
  })

  it('assertFilter throws FilterError with the errors', () => {
    expect(() => assertFilter(schema, 'ticket', { nope: { eq: 1 } }, { pointer: '/filter' })).toThrowMatching(
      (e) => e instanceof FilterError && e.errors[0].pointer === '/filter/nope' && /Unknown field/.test(e.message)
    )
  })
})
