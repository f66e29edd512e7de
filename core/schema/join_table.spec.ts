import { createHash } from 'node:crypto'
import type { EntityDoc } from '#core/shared/metadata'
import { MetadataSet } from '#core/metadata/set'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { createFilterSchema } from '#core/filter/index'
import { joinTableOf } from '#core/records/entity_info'
import { joinTableName, PG_NAME_LIMIT } from './definitions.js'

const entity = (key: string, fields: string[]): EntityDoc =>
  ({ kind: 'entity', key, label: { uk: key }, fields: Object.fromEntries(fields.map((f) => [f, { type: 'multi_reference', to: key }])) }) as EntityDoc

/** The join table of a multi_reference field is named in one place, past PostgreSQL's 63-byte limit too. */
describe('join table names', () => {
  const longKey = 'municipal_infrastructure_maintenance_request'
  const fieldA = 'responsible_contractor_companies_primary'
  const fieldB = 'responsible_contractor_companies_backup'
  const doc = entity(longKey, [fieldA, fieldB])
  const set = new MetadataSet(new Map([[`entity/${longKey}`, doc]]))

  it('keeps a short name readable', () => {
    expect(joinTableName('ticket', 'tags')).toBe('ticket__tags')
  })

  it('shortens a long name deterministically, under the limit, with a hash of the full name', () => {
    const name = joinTableName(longKey, fieldA)
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(PG_NAME_LIMIT)
    expect(name).toBe(joinTableName(longKey, fieldA))
    expect(name.endsWith(createHash('sha1').update(`${longKey}__${fieldA}`).digest('hex').slice(0, 8))).toBeTrue()
    // two fields that PostgreSQL's truncation would fold into one table stay apart
    expect(`${longKey}__${fieldA}`.slice(0, PG_NAME_LIMIT)).toBe(`${longKey}__${fieldB}`.slice(0, PG_NAME_LIMIT))
    expect(joinTableName(longKey, fieldB)).not.toBe(name)
  })

  it('is the name the schema compiler, the records API and both filter schemas use', () => {
    const name = joinTableName(longKey, fieldA)
    expect(joinTableOf(doc, fieldA)).toBe(name)
    expect(filterSchemaOf(set).joinTable(longKey, fieldA)).toBe(name)
    expect(createFilterSchema([doc]).joinTable(longKey, fieldA)).toBe(name)
  })
})
