import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { OPERATOR_NAMES } from '../shared/filter.js'
import type { EntityDoc, FieldDef, FieldTypeName } from '../shared/metadata.js'
import { pgName } from './definitions.js'
import { FieldValueError, fieldTypes, normalisePhone, systemColumns } from './field_types.js'
import { Registry } from './registry.js'

const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as typeof addFormatsModule.default

const ALL_TYPES: FieldTypeName[] = [
  'string',
  'text',
  'integer',
  'decimal',
  'money',
  'boolean',
  'date',
  'datetime',
  'duration',
  'enum',
  'reference',
  'multi_reference',
  'phone',
  'email',
  'url',
  'json',
  'file',
  'geo_point',
]
const UUID = '0b6f3c1e-8f0a-4a52-9d7e-3f1f6f6f2a10'

/** Per type: a field definition, values its schema accepts, and values it refuses. */
const SAMPLES: Record<FieldTypeName, { field: FieldDef; good: unknown[]; bad: unknown[] }> = {
  string: { field: { type: 'string', maxLength: 5 }, good: ['abc', ''], bad: ['abcdef', 5] },
  text: { field: { type: 'text' }, good: ['довгий текст'], bad: [1, {}] },
  integer: { field: { type: 'integer', minimum: 0 }, good: [0, 42], bad: [-1, 1.5, '1', 2 ** 31] },
  decimal: { field: { type: 'decimal', precision: 6, scale: 2 }, good: ['1234.56', '-1', 12.5], bad: ['12345.6', '1.234', 'abc', true] },
  money: { field: { type: 'money' }, good: ['100.50', '0', 99.99], bad: ['1.005', '1e3', '1234567890123.5'] },
  boolean: { field: { type: 'boolean' }, good: [true, false], bad: ['true', 0] },
  date: { field: { type: 'date' }, good: ['2024-02-29'], bad: ['2024-02-30', '29.02.2024'] },
  datetime: { field: { type: 'datetime' }, good: ['2024-05-01T10:00:00+03:00', '2024-05-01T07:00:00Z'], bad: ['2024-05-01', 'now'] },
  duration: { field: { type: 'duration' }, good: ['PT1H30M', 'P2D', 'P1W'], bad: ['90 minutes', 'PT'] },
  enum: { field: { type: 'enum', options: ['new', 'open'] }, good: ['new', 'open'], bad: ['closed', 1] },
  reference: { field: { type: 'reference', to: 'street' }, good: [UUID], bad: ['42', 42] },
  multi_reference: { field: { type: 'multi_reference', to: 'tag' }, good: [[], [UUID]], bad: [[UUID, UUID], ['x'], UUID] },
  phone: { field: { type: 'phone' }, good: ['+380671234567', '067 123 45 67', '(067) 123-45-67'], bad: ['дзвоніть', '12'] },
  email: { field: { type: 'email' }, good: ['olena@example.com'], bad: ['olena@', 'not an email'] },
  url: { field: { type: 'url' }, good: ['https://vikno.city/a?b=1'], bad: ['not a url'] },
  json: { field: { type: 'json' }, good: [{ a: [1, 2] }, [1]], bad: ['text', 3, true] },
  file: { field: { type: 'file' }, good: [UUID], bad: ['file.pdf'] },
  geo_point: { field: { type: 'geo_point' }, good: [{ lat: 50.58, lon: 30.49 }], bad: [{ lat: 91, lon: 0 }, { lat: 1 }, { lat: 1, lon: 2, alt: 3 }] },
}

describe('field types', () => {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true })
  addFormats(ajv)

  it('registers every FieldTypeName, and nothing else', () => {
    expect(fieldTypes.names().sort()).toEqual([...ALL_TYPES].sort())
  })

  it('reports unknown names clearly', () => {
    expect(() => fieldTypes.get('colour')).toThrowError(/Unknown field type "colour"\. Known: string, text/)
    expect(fieldTypes.has('colour')).toBeFalse()
    const registry = new Registry<number>('widget').register('a', 1)
    expect(() => registry.register('a', 2)).toThrowError(/Widget "a" is already registered/)
  })

  for (const name of ALL_TYPES) {
    describe(name, () => {
      const type = fieldTypes.get(name)
      const { field, good, bad } = SAMPLES[name]

      it('has operators, all of them filter operators, isNull included', () => {
        expect(type.operators.length).toBeGreaterThan(0)
        for (const op of type.operators) expect(OPERATOR_NAMES).toContain(op)
        expect(type.operators).toContain('isNull')
        expect(type.widget).toMatch(/^[a-z_]+$/)
      })

      it('has a JSON schema that ajv 2020 compiles strictly and that checks values', () => {
        const validate = ajv.compile(type.jsonSchema({ ...field, label: { uk: 'Поле' } }))
        for (const value of good)
          expect(validate(value))
            .withContext(`accepts ${JSON.stringify(value)}`)
            .toBeTrue()
        for (const value of bad)
          expect(validate(value))
            .withContext(`refuses ${JSON.stringify(value)}`)
            .toBeFalse()
        expect(validate(null)).withContext('null when optional').toBeTrue()
        const required = ajv.compile(type.jsonSchema({ ...field, required: true }))
        expect(required(null)).withContext('null when required').toBeFalse()
        for (const value of good.filter((v) => !(Array.isArray(v) && v.length === 0))) {
          expect(required(value))
            .withContext(`required accepts ${JSON.stringify(value)}`)
            .toBeTrue()
        }
      })

      it('titles the schema with the Ukrainian label', () => {
        expect(type.jsonSchema({ ...field, label: { uk: 'Адреса', en: 'Address' } }).title).toBe('Адреса')
      })
    })
  }

  describe('columns', () => {
    const column = (field: FieldDef) => fieldTypes.get(field.type).column(field)

    it('maps each type to its SQL type', () => {
      expect(column({ type: 'string' })).toEqual({ sqlType: 'varchar(255)', udt: 'varchar', charLength: 255 })
      expect(column({ type: 'string', maxLength: 100 })?.sqlType).toBe('varchar(100)')
      expect(column({ type: 'decimal' })).toEqual({ sqlType: 'numeric(18,6)', udt: 'numeric', precision: 18, scale: 6 })
      expect(column({ type: 'decimal', precision: 10, scale: 3 })?.sqlType).toBe('numeric(10,3)')
      expect(column({ type: 'money' })?.sqlType).toBe('numeric(14,2)')
      expect(column({ type: 'duration' })?.sqlType).toBe('interval')
      expect(column({ type: 'enum', options: ['a'] })?.sqlType).toBe('varchar(64)')
      expect(column({ type: 'phone' })?.sqlType).toBe('varchar(16)')
      expect(column({ type: 'email' })?.sqlType).toBe('varchar(320)')
      expect(column({ type: 'geo_point' })?.sqlType).toBe('jsonb')
      expect(column({ type: 'multi_reference', to: 'tag' })).toBeNull()
    })

    it('gives references a foreign key with the requested delete rule', () => {
      expect(column({ type: 'reference', to: 'street' })?.references).toEqual({ entity: 'street', onDelete: 'restrict' })
      expect(column({ type: 'reference', to: 'street', onDelete: 'set_null' })?.references?.onDelete).toBe('set null')
      expect(column({ type: 'reference', to: 'street', onDelete: 'cascade' })?.references?.onDelete).toBe('cascade')
      expect(column({ type: 'file' })?.references).toEqual({ table: 'sys_files', onDelete: 'restrict' })
    })
  })

  describe('phone', () => {
    it('normalises Ukrainian numbers to E.164', () => {
      expect(normalisePhone('0671234567')).toBe('+380671234567')
      expect(normalisePhone('+380 67 123 45 67')).toBe('+380671234567')
      expect(normalisePhone('(067) 123-45-67')).toBe('+380671234567')
      expect(normalisePhone('80671234567')).toBe('+380671234567')
      expect(normalisePhone('067/123-45-67')).toBe('+380671234567')
      expect(fieldTypes.get('phone').jsonSchema({ type: 'phone' }).pattern).toBeDefined()
      expect(new RegExp(fieldTypes.get('phone').jsonSchema({ type: 'phone' }).pattern as string).test('067/123-45-67')).toBeTrue()
      expect(fieldTypes.get('phone').toDb!('067 123 45 67', { type: 'phone' })).toBe('+380671234567')
    })

    it('keeps foreign numbers in their own country', () => {
      expect(normalisePhone('+48 601 234 567')).toBe('+48601234567')
    })

    it('refuses what is not a phone number with invalid_phone', () => {
      for (const value of ['12', 'дзвоніть', '+380 00 000', 380671234567]) {
        try {
          fieldTypes.get('phone').toDb!(value, { type: 'phone' })
          fail(`accepted ${value}`)
        } catch (error) {
          expect(error).toBeInstanceOf(FieldValueError)
          expect((error as FieldValueError).code).toBe('invalid_phone')
        }
      }
      expect(fieldTypes.get('phone').toDb!(null, { type: 'phone' })).toBeNull()
    })
  })

  describe('to and from the database', () => {
    const t = (name: FieldTypeName) => fieldTypes.get(name)

    it('sends json and geo points as JSON text (pg would send arrays as PostgreSQL arrays)', () => {
      expect(t('json').toDb!([1, 2], { type: 'json' })).toBe('[1,2]')
      expect(t('geo_point').toDb!({ lat: 50.5, lon: 30.5 }, { type: 'geo_point' })).toBe('{"lat":50.5,"lon":30.5}')
      expect(() => t('geo_point').toDb!({ lat: 100, lon: 0 }, { type: 'geo_point' })).toThrowMatching((e) => e.code === 'invalid_geo_point')
    })

    it('keeps decimals exact strings and checks their digits', () => {
      const field: FieldDef = { type: 'decimal', precision: 6, scale: 2 }
      expect(t('decimal').toDb!('1234.5', field)).toBe('1234.5')
      expect(t('decimal').toDb!(12.5, field)).toBe('12.50')
      expect(() => t('decimal').toDb!('12345', field)).toThrowMatching((e) => e.code === 'decimal_out_of_range')
      expect(() => t('money').toDb!('12,50', { type: 'money' })).toThrowMatching((e) => e.code === 'invalid_decimal')
      expect(t('money').fromDb!('12.50', { type: 'money' })).toBe('12.50')
    })

    it('stores ISO durations as they are and reads intervals back as ISO durations', () => {
      expect(t('duration').toDb!('PT1H30M', { type: 'duration' })).toBe('PT1H30M')
      expect(() => t('duration').toDb!('90 minutes', { type: 'duration' })).toThrowMatching((e) => e.code === 'invalid_duration')
      const fromDb = (v: unknown) => t('duration').fromDb!(v, { type: 'duration' })
      expect(fromDb({ hours: 1, minutes: 30 })).toBe('PT1H30M')
      expect(fromDb({ days: 2, hours: 3 })).toBe('P2DT3H')
      expect(fromDb({})).toBe('PT0S')
      expect(fromDb('1 year 2 mons 3 days 04:05:06.5')).toBe('P1Y2M3DT4H5M6.5S')
      expect(fromDb('P1DT2H')).toBe('P1DT2H')
    })

    it('reads dates as local calendar days and datetimes as ISO strings', () => {
      expect(t('date').fromDb!(new Date(2024, 1, 29), { type: 'date' })).toBe('2024-02-29')
      expect(t('datetime').fromDb!(new Date('2024-05-01T07:00:00Z'), { type: 'datetime' })).toBe('2024-05-01T07:00:00.000Z')
      expect(() => t('date').toDb!('2024-02-30', { type: 'date' })).toThrowMatching((e) => e.code === 'invalid_date')
    })
  })

  describe('systemColumns', () => {
    const entity = (fields: EntityDoc['fields'], extra: Partial<EntityDoc> = {}): EntityDoc => ({ kind: 'entity', key: 'ticket', label: { uk: 'Заявка' }, fields, ...extra }) as EntityDoc

    it('has id, audit columns and version; deleted_at only with softDelete', () => {
      const names = systemColumns(entity({ title: { type: 'string' } })).map((c) => c.name)
      expect(names).toEqual(['id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'version'])
      expect(systemColumns(entity({}, { softDelete: true })).map((c) => c.name)).toContain('deleted_at')
      const id = systemColumns(entity({}))[0]
      expect(id).toEqual(jasmine.objectContaining({ primaryKey: true, default: 'gen_random_uuid()', nullable: false }))
    })

    it('adds generated search columns with apostrophes normalised', () => {
      const columns = systemColumns(entity({ title: { type: 'string', search: true }, body: { type: 'text', search: true } }))
      const tsv = columns.find((c) => c.name === 'search_tsv')!
      const text = columns.find((c) => c.name === 'search_text')!
      expect(tsv.generated).toContain(`to_tsvector('vikno_uk'::regconfig, translate(coalesce("title", '') || ' ' || coalesce("body", ''), '''’\`', 'ʼʼʼ'))`)
      expect(text.generated).toMatch(/^lower\(translate\(/)
      expect(tsv.index).toEqual({ method: 'gin' })
      expect(text.index).toEqual({ method: 'gin', opclass: 'gin_trgm_ops' })
      const noTrigram = systemColumns(entity({ title: { type: 'string', search: true } }), { trigramOps: null })
      expect(noTrigram.find((c) => c.name === 'search_text')!.index).toBeUndefined()
    })
  })

  it('shortens names past 63 bytes with a hash', () => {
    expect(pgName('ticket_status', '_idx')).toBe('ticket_status_idx')
    const long = pgName('a_very_long_entity_name_for_testing_purposes_only_x_another_long_field', '_idx')
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(63)
    expect(long).toMatch(/^a_very_long_entity_name.*_[0-9a-f]{8}_idx$/)
    expect(long).not.toBe(pgName('a_very_long_entity_name_for_testing_purposes_only_x_another_long_field2', '_idx'))
  })

  describe('url and json values (issue 10)', () => {
    it('stores only http(s), mailto and tel links', () => {
      const url = fieldTypes.get('url')
      for (const ok of ['https://vikno.city/x', 'HTTP://a.b', 'mailto:a@b.c', 'tel:+380671234567']) expect(url.toDb!(ok, { type: 'url' })).toBe(ok)
      for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'ftp://a.b', 'vbscript:x', ' JaVaScRiPt:x']) {
        expect(() => url.toDb!(bad, { type: 'url' }))
          .withContext(bad)
          .toThrow(jasmine.objectContaining({ code: 'url_scheme' }))
      }
    })

    it('checks a json field against its declared schema, null allowed unless required', () => {
      const schema = { type: 'object', properties: { viber: { type: 'string', maxLength: 5 } }, additionalProperties: false }
      const optional = ajv.compile(fieldTypes.get('json').jsonSchema({ type: 'json', schema }))
      expect(optional({ viber: 'abc' })).toBeTrue()
      expect(optional(null)).toBeTrue()
      for (const bad of [5, 'x', [], { viber: 'too long' }, { other: 1 }]) expect(optional(bad)).withContext(JSON.stringify(bad)).toBeFalse()
      const required = ajv.compile(fieldTypes.get('json').jsonSchema({ type: 'json', required: true, schema }))
      expect(required(null)).toBeFalse()
    })
  })
})
