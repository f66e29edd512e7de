import type { EntityDoc } from '../shared/metadata.js'
import type { Filter, FilterVariables } from '../shared/filter.js'
import { createFilterSchema } from './context.js'
import { evaluateFilter } from './evaluate.js'
import { FilterError } from './validate.js'

// Unit cases of the in-memory side; to_sql.spec.ts cross-checks it against PostgreSQL.

const entity = (key: string, fields: EntityDoc['fields']): EntityDoc => ({ kind: 'entity', key, label: { uk: key }, fields })

const schema = createFilterSchema([
  entity('street', { name: { type: 'string' } }),
  entity('building', { street: { type: 'reference', to: 'street' } }),
  entity('tag', { name: { type: 'string' } }),
  entity('ticket', {
    building: { type: 'reference', to: 'building' },
    counterparty: { type: 'reference', to: 'building' },
    title: { type: 'string' },
    count: { type: 'integer' },
    amount: { type: 'decimal' },
    due_at: { type: 'datetime' },
    due_date: { type: 'date' },
    tags: { type: 'multi_reference', to: 'tag' },
  }),
])

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const related: Record<string, Record<string, unknown>> = {
  [uuid(1)]: { id: uuid(1), street: uuid(2) },
  [uuid(2)]: { id: uuid(2), name: 'Шевченка' },
  [uuid(3)]: { id: uuid(3), name: 'leak' },
}
const now = new Date('2024-05-02T12:00:00Z')

async function check(filter: Filter, record: Record<string, unknown>, user?: FilterVariables['user']) {
  const calls: string[] = []
  const resolve = async (entityKey: string, id: string) => {
    calls.push(`${entityKey}:${id}`)
    return related[id]
  }
  const result = await evaluateFilter(schema, 'ticket', filter, record, { now, user }, resolve)
  return { result, calls }
}
const holds = async (filter: Filter, record: Record<string, unknown>, user?: FilterVariables['user']) => (await check(filter, record, user)).result

describe('evaluateFilter', () => {
  it('compares decimals exactly, as strings from pg or numbers', async () => {
    expect(await holds({ amount: { eq: 12.5 } }, { amount: '12.500000' })).toBeTrue()
    expect(await holds({ amount: { gt: '100000000000000000000' } }, { amount: '100000000000000000000.000001' })).toBeTrue()
    expect(await holds({ amount: { lt: 0 } }, { amount: '-0.000001' })).toBeTrue()
    expect(await holds({ amount: { eq: '-0' } }, { amount: '0.000000' })).toBeTrue()
    expect(await holds({ amount: { between: [-1, 3] } }, { amount: '2.9' })).toBeTrue()
    expect(await holds({ count: { in: ['7', 8] } }, { count: 7 })).toBeTrue()
    expect(await holds({ count: { gt: 5 } }, { count: '90071992547409930' })).toBeTrue()
  })

  it('compares datetimes as instants; no offset means Kyiv time', async () => {
    expect(await holds({ due_at: { eq: '2024-05-01T12:00:00+03:00' } }, { due_at: new Date('2024-05-01T09:00:00Z') })).toBeTrue()
    expect(await holds({ due_at: { eq: '2024-05-01T12:00' } }, { due_at: '2024-05-01T09:00:00.000Z' })).toBeTrue()
    expect(await holds({ due_at: { gte: '$today' } }, { due_at: '2024-05-01T21:00:00Z' })).toBeTrue()
    expect(await holds({ due_at: { gte: '$today' } }, { due_at: '2024-05-01T20:59:59Z' })).toBeFalse()
    expect(await holds({ due_at: { lt: '$now' } }, { due_at: 'not a date' })).toBeFalse()
  })

  it('compares dates as calendar days, a pg Date by its local day', async () => {
    expect(await holds({ due_date: { eq: '$today' } }, { due_date: '2024-05-02' })).toBeTrue()
    expect(await holds({ due_date: { eq: '2024-05-02' } }, { due_date: new Date(2024, 4, 2) })).toBeTrue()
    // 23:30 UTC on 1 May is already 2 May in Kyiv
    expect(await holds({ due_date: { eq: '$user.at' } }, { due_date: '2024-05-02' }, { id: uuid(9), at: new Date('2024-05-01T23:30:00Z') })).toBeTrue()
  })

  it('matches text like ILIKE, Ukrainian letters included', async () => {
    expect(await holds({ title: { contains: 'ҐАНОК' } }, { title: 'Ремонт ґанку? ні, ґанок' })).toBeTrue()
    expect(await holds({ title: { startsWith: 'ЇЖАК' } }, { title: 'їжак' })).toBeTrue()
    expect(await holds({ title: { contains: '%' } }, { title: 'abc' })).toBeFalse()
    expect(await holds({ title: { contains: '_' } }, { title: 'a_c' })).toBeTrue()
    expect(await holds({ title: { eq: 'Abc' } }, { title: 'abc' })).toBeFalse()
  })

  it('follows references, loading each related record once', async () => {
    const { result, calls } = await check({ and: [{ 'building.street.name': { eq: 'Шевченка' } }, { 'building.street.name': { startsWith: 'шев' } }] }, { building: uuid(1) })
    expect(result).toBeTrue()
    expect(calls).toEqual([`building:${uuid(1)}`, `street:${uuid(2)}`])
  })

  it('fails every condition behind a null or dangling reference, isNull included', async () => {
    expect(await holds({ 'building.street.name': { isNull: true } }, { building: null })).toBeFalse()
    expect(await holds({ 'building.street.name': { ne: 'x' } }, { building: uuid(99) })).toBeFalse()
    expect(await holds({ not: { 'building.street.name': { eq: 'x' } } }, {})).toBeTrue()
  })

  it('reads a multi_reference as an array of ids', async () => {
    expect(await holds({ tags: { eq: uuid(3).toUpperCase() } }, { tags: [uuid(3)] })).toBeTrue()
    expect(await holds({ tags: { isNull: true } }, { tags: [] })).toBeTrue()
    expect(await holds({ tags: { isNull: true } }, {})).toBeTrue()
    expect(await holds({ tags: { ne: uuid(3) } }, { tags: [uuid(4)] })).toBeTrue()
    expect(await holds({ 'tags.name': { eq: 'leak' } }, { tags: [uuid(4), uuid(3)] })).toBeTrue()
    expect(await holds({ 'tags.name': { eq: 'leak' } }, { tags: [uuid(4)] })).toBeFalse()
  })

  it('keeps not two-valued', async () => {
    expect(await holds({ not: { count: { gt: 1 } } }, { count: null })).toBeTrue()
    expect(await holds({ not: { title: { contains: 'a' } } }, {})).toBeTrue()
  })

  it('makes a missing variable match nothing, for every operator', async () => {
    const bob = { id: uuid(9) }
    expect(await holds({ counterparty: { eq: '$user.counterparty' } }, { counterparty: null }, bob)).toBeFalse()
    expect(await holds({ counterparty: { eq: '$user.counterparty' } }, { counterparty: null })).toBeFalse()
    expect(await holds({ counterparty: { ne: '$user.counterparty' } }, { counterparty: uuid(1) }, bob)).toBeFalse()
    expect(await holds({ counterparty: { in: ['$user.counterparty'] } }, { counterparty: null }, bob)).toBeFalse()
    expect(await holds({ tags: { eq: '$user.tag' } }, { tags: [] }, bob)).toBeFalse()
    expect(await holds({ title: { startsWith: '$user.name' } }, { title: 'x' }, bob)).toBeFalse()
    expect(await holds({ counterparty: { eq: '$user.counterparty' } }, { counterparty: uuid(1) }, { ...bob, counterparty: uuid(1) })).toBeTrue()
  })

  it('refuses a filter that does not validate', async () => {
    await expectAsync(holds({ nope: { eq: 1 } } as Filter, {})).toBeRejectedWithError(FilterError)
  })
})
