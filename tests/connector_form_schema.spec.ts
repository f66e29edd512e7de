import type { RJSFSchema } from '@rjsf/utils'
import { drawnSchema, secretUiSchema } from '../admin-builder/ui/connectors/schema_form.js'

/** The connector form's schema and uiSchema: secrets found in objects and in arrays' items. */
describe('connector config form', () => {
  const schema = {
    type: 'object',
    properties: {
      host: { type: 'string' },
      auth: { type: 'object', properties: { token: { type: 'string', 'x-secret': true } } },
      gateways: {
        type: 'array',
        items: {
          type: 'object',
          'x-labels': { uk: 'Шлюз', en: 'Gateway' },
          properties: { key: { type: 'string', 'x-labels': { uk: 'Ключ', en: 'Key' } }, password: { type: 'string', 'x-secret': true } },
        },
      },
    },
  } as unknown as RJSFSchema

  it('gives every secret the secret widget, in objects and in the items of arrays', () => {
    expect(secretUiSchema(schema)).toEqual({ auth: { token: { 'ui:widget': 'secret' } }, gateways: { items: { password: { 'ui:widget': 'secret' } } } })
  })

  it('lets a secret in an array item take a reference, and titles the items in the language', () => {
    const item = (drawnSchema(schema, 'en').properties!.gateways as any).items
    expect(item.title).toBe('Gateway')
    expect(item.properties.key.title).toBe('Key')
    expect(item.properties.password.type).toEqual(['string', 'object'])
    expect((drawnSchema(schema).properties!.auth as any).properties.token.type).toEqual(['string', 'object'])
  })
})
