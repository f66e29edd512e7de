import type { FieldDef } from '#core/shared/metadata'
import { checkValueSchema } from './value_schema.js'

/** A `json` field's declared value schema is checked when metadata is validated. */
describe('json field value schema (metadata)', () => {
  const problems = (field: FieldDef) => {
    const out: string[] = []
    checkValueSchema(field, '/fields/f/schema', (pointer, message) => out.push(`${pointer} ${message}`))
    return out
  }

  it('accepts a small valid schema', () => {
    expect(problems({ type: 'json', schema: { type: 'object', properties: { viber: { type: 'string', maxLength: 64 } }, additionalProperties: false } })).toEqual([])
  })

  it('refuses a schema on another type, an invalid schema, regular expressions and refs', () => {
    expect(problems({ type: 'string', schema: { type: 'object' } })).toEqual(['/fields/f/schema only json fields declare a value schema'])
    expect(problems({ type: 'json', schema: { type: 'no such type' } })[0]).toContain('not a valid JSON Schema')
    expect(problems({ type: 'json', schema: { type: 'object', properties: { a: { type: 'string', pattern: '^(a+)+$' } } } })).toEqual([
      '/fields/f/schema/properties/a/pattern "pattern" is not allowed in a value schema',
    ])
    expect(problems({ type: 'json', schema: { $ref: 'https://example.org/x.json' } })[0]).toContain('"$ref" is not allowed')
    // a property may still be called "pattern"
    expect(problems({ type: 'json', schema: { type: 'object', properties: { pattern: { type: 'string' } } } })).toEqual([])
  })

  it('refuses a huge or deeply nested schema', () => {
    let deep: Record<string, unknown> = { type: 'string' }
    for (let i = 0; i < 40; i++) deep = { type: 'array', items: deep }
    expect(problems({ type: 'json', schema: deep })[0]).toContain('nested too deep')
    const wide = { type: 'object', properties: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`field_${i}`, { type: 'string' }])) }
    expect(problems({ type: 'json', schema: wide })[0]).toContain('at most 20000 characters')
  })
})
