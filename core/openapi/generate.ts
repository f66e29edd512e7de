import type { EntityDoc } from '#core/shared/metadata'
import type { MetadataSet } from '#core/metadata/set'
import type { Actor } from '#core/permissions/actor'
import { accessFor } from '#core/permissions/policy'
import { recordSchema } from '#core/records/validators'
import { systemColumns } from '#core/records/entity_info'
import { moduleActions, type RegisteredAction } from '#core/modules/actions'

const SYSTEM_SCHEMAS: Record<string, object> = {
  id: { type: 'string', format: 'uuid', readOnly: true },
  version: { type: 'integer', readOnly: true },
  created_at: { type: 'string', format: 'date-time', readOnly: true },
  updated_at: { type: 'string', format: 'date-time', readOnly: true },
  created_by: { type: ['string', 'null'], format: 'uuid', readOnly: true },
  updated_by: { type: ['string', 'null'], format: 'uuid', readOnly: true },
  deleted_at: { type: ['string', 'null'], format: 'date-time', readOnly: true },
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } })

/**
 * OpenAPI 3.1 of the data API as one actor sees it: only entities it may read, only the
 * operations it may perform, without hidden fields. Generated from metadata on each request
 * (cheap: a few entities, cached per revision by the caller if needed).
 */
export function openApiFor(set: MetadataSet, actor: Actor, revision: number) {
  const paths: Record<string, unknown> = {}
  const schemas: Record<string, unknown> = {
    Problem: {
      type: 'object',
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        errors: { type: 'array', items: { type: 'object', properties: { pointer: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } }, required: ['pointer', 'message'] } },
      },
      required: ['type', 'title', 'status'],
    },
  }
  for (const entity of set.entities) {
    const access = accessFor(set, actor, entity.key)
    if (!access.can('read')) continue
    const name = schemaName(entity)
    schemas[name] = readSchema(entity, access.hidden)
    const listOp = {
      operationId: `list_${entity.key}`,
      summary: `${entity.label.en ?? entity.label.uk}: list`,
      tags: [entity.key],
      parameters: [
        { name: 'filter', in: 'query', schema: { type: 'string' }, description: 'Filter language (JSON)' },
        { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'e.g. -created_at,name' },
        { name: 'cursor', in: 'query', schema: { type: 'string' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
        { name: 'q', in: 'query', schema: { type: 'string' } },
        { name: 'include', in: 'query', schema: { type: 'string' } },
        { name: 'fields', in: 'query', schema: { type: 'string' } },
        { name: 'count', in: 'query', schema: { type: 'boolean' } },
      ],
      responses: {
        '200': {
          description: 'A page of records',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { data: { type: 'array', items: ref(name) }, nextCursor: { type: ['string', 'null'] }, total: { type: 'integer' } },
                required: ['data', 'nextCursor'],
              },
            },
          },
        },
        '422': problemResponse('Invalid filter'),
      },
    }
    const collection: Record<string, unknown> = { get: listOp }
    const item: Record<string, unknown> = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      get: {
        operationId: `get_${entity.key}`,
        tags: [entity.key],
        responses: { '200': { description: 'The record', content: { 'application/json': { schema: { type: 'object', properties: { data: ref(name) } } } } }, '404': problemResponse('Not found') },
      },
    }
    if (access.can('create')) {
      schemas[`${name}Create`] = writeSchema(entity, 'create', access.readOnly)
      collection.post = {
        operationId: `create_${entity.key}`,
        tags: [entity.key],
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${name}Create`) } } },
        responses: { '201': { description: 'Created', content: { 'application/json': { schema: { type: 'object', properties: { data: ref(name) } } } } }, '422': problemResponse('Invalid record') },
      }
    }
    if (access.can('update')) {
      schemas[`${name}Update`] = writeSchema(entity, 'update', access.readOnly)
      item.patch = {
        operationId: `update_${entity.key}`,
        tags: [entity.key],
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${name}Update`) } } },
        responses: {
          '200': { description: 'Updated', content: { 'application/json': { schema: { type: 'object', properties: { data: ref(name) } } } } },
          '409': problemResponse('Stale version'),
          '422': problemResponse('Invalid record'),
        },
      }
    }
    if (access.can('delete')) {
      item.delete = { operationId: `delete_${entity.key}`, tags: [entity.key], responses: { '204': { description: 'Deleted' }, '404': problemResponse('Not found') } }
    }
    paths[`/api/v1/records/${entity.key}`] = collection
    paths[`/api/v1/records/${entity.key}/{id}`] = item
    paths[`/api/v1/records/${entity.key}/{id}/history`] = {
      get: {
        operationId: `history_${entity.key}`,
        tags: [entity.key],
        description: 'The audit trail of the record, newest first; changes of fields hidden from the caller are left out.',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'before', in: 'query', description: 'Audit row id to page from (`next` of the previous page)', schema: { type: 'integer' } },
        ],
        responses: {
          '200': {
            description: 'Audit rows',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    data: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          id: { type: 'integer' },
                          at: { type: 'string', format: 'date-time' },
                          action: { type: 'string' },
                          actor: { type: ['string', 'null'] },
                          changes: { type: 'object' },
                        },
                      },
                    },
                    next: { type: ['integer', 'null'] },
                  },
                },
              },
            },
          },
          '404': problemResponse('Not found'),
        },
      },
    }
  }
  paths['/api/v1/connectors/{key}/webhook'] = connectorWebhookPath()
  for (const action of moduleActions()) {
    const operation = actionOperation(action)
    paths[`/api/v1/actions/${action.name}`] = operation
    if (action.path) paths[`/api/v1${action.path}`] = operation
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Vikno data API', version: `revision-${revision}`, description: 'Generated from the published metadata for the calling user.' },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Personal API token (vkn_...)' },
        session: { type: 'apiKey', in: 'cookie', name: 'vikno_sid', description: 'Browser session; send X-CSRF-Token on writes' },
      },
    },
  }
}

function schemaName(entity: EntityDoc) {
  return entity.key
    .split('_')
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('')
}

function readSchema(entity: EntityDoc, hidden: ReadonlySet<string>) {
  const base = recordSchema(entity, 'create') as any
  const properties: Record<string, unknown> = {}
  for (const col of systemColumns(entity)) properties[col] = SYSTEM_SCHEMAS[col]
  for (const [k, v] of Object.entries(base.properties)) if (!hidden.has(k)) properties[k] = v
  return { type: 'object', title: base.title, properties, required: ['id'] }
}

function writeSchema(entity: EntityDoc, mode: 'create' | 'update', readOnly: ReadonlySet<string>) {
  const base = recordSchema(entity, mode) as any
  const properties: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(base.properties)) if (!readOnly.has(k) && !(v as any).readOnly) properties[k] = v
  const required = (base.required ?? []).filter((k: string) => k in properties)
  return { ...base, properties, ...(required.length ? { required } : { required: undefined }) }
}

/**
 * A module action as an operation: a GET's input schema becomes its query parameters, a
 * POST's its request body; invalid input is a 422 with pointers (core/modules/actions.ts).
 */
function actionOperation(action: RegisteredAction) {
  const input = action.input as { properties?: Record<string, Record<string, unknown>>; required?: string[] }
  const base = {
    operationId: `action_${action.name.replace(/\./g, '_')}`,
    summary: action.summary,
    tags: [`module:${action.module}`],
    responses: {
      '200': action.files
        ? { description: 'The file (Content-Disposition: attachment)', content: Object.fromEntries(action.files.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) }
        : { description: 'Done', content: { 'application/json': { schema: action.output ?? { type: 'object' } } } },
      '422': problemResponse('Invalid input'),
    },
  }
  if (action.method === 'GET') {
    const parameters = Object.entries(input.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: input.required?.includes(name) ?? false, schema }))
    return { get: { ...base, parameters } }
  }
  return { post: { ...base, requestBody: { required: true, content: { 'application/json': { schema: action.input } } } } }
}

/** The peers' entry (core/http/connector_webhook_controller.ts): no session, the type verifies. */
function connectorWebhookPath() {
  return {
    post: {
      operationId: 'connector_webhook',
      summary: 'A peer (PBX, messenger, payment provider) calls a connector instance',
      description:
        "No session: the instance's type verifies the request (a signature over the raw body, a token). The answer is the type's; the events it yields are processed after it. Body up to 1 MB.",
      tags: ['connectors'],
      security: [],
      parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' }, description: 'The instance key' }],
      requestBody: { required: false, content: { '*/*': { schema: {} } } },
      responses: {
        '200': { description: 'Accepted (any 2xx the type answers)', content: { 'application/json': { schema: {} } } },
        '401': { description: 'The signature or token is wrong: nothing was processed' },
        '400': problemResponse('The body could not be read or is larger than 1 MB'),
        '404': problemResponse('No enabled instance with a webhook under this key'),
      },
    },
    get: {
      operationId: 'connector_webhook_check',
      summary: 'A peer checks the webhook URL before it sends (Zadarma: GET ?zd_echo=...)',
      description: "No session: the request reaches the instance's type as the POST does, with its query and an empty body; the type answers (an echo of a check parameter, or 401).",
      tags: ['connectors'],
      security: [],
      parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' }, description: 'The instance key' }],
      responses: {
        '200': { description: "The type's answer (for a URL check: the echoed value, text/plain)", content: { 'text/plain': { schema: { type: 'string' } }, 'application/json': { schema: {} } } },
        '401': { description: 'The check is not one the instance answers, or its token is wrong' },
        '404': problemResponse('No enabled instance with a webhook under this key'),
      },
    },
  }
}
