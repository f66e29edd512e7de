/** The shape of a type's manifest.json (ConnectorManifest in types.ts), checked at discovery. */
export const manifestSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://vikno.city/schemas/connector-manifest.schema.json',
  title: "A connector type's manifest.json (core/connectors/types.ts ConnectorManifest)",
  type: 'object',
  properties: {
    key: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' },
    labels: { $ref: '#/$defs/text' },
    description: { $ref: '#/$defs/text' },
    capabilities: {
      type: 'array',
      uniqueItems: true,
      items: { enum: ['call_events', 'originate', 'recordings', 'ivr', 'send_message', 'receive_message', 'sync', 'payments', 'webhooks_out'] },
    },
    singleton: { type: 'boolean' },
    webhook: { type: 'boolean' },
    config: { type: 'object' },
    actions: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { summary: { type: 'string' }, input: { type: 'object' } },
        required: ['summary', 'input'],
        additionalProperties: false,
      },
    },
  },
  required: ['key', 'labels', 'capabilities', 'config'],
  additionalProperties: false,
  $defs: {
    text: {
      type: 'object',
      properties: { uk: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
      required: ['uk', 'en'],
      additionalProperties: false,
    },
  },
}
