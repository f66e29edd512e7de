import type { HttpContext } from '@adonisjs/core/http'
import type { OpContext } from '#core/records/context'
import type { RecordHook } from '#core/records/hooks'
import type { JobHandlerConfig } from '#core/jobs/index'
import type { MetaKind } from '#core/metadata/kinds/registry'
import type { ModuleEvents } from '#core/shared/events'

/** A JSON Schema (draft 2020-12), as ajv and the OpenAPI document take it. */
export type JsonSchema = Record<string, unknown>

/**
 * A module endpoint that a records API call cannot express (a duplicate search, a merge, a
 * timeline), served at `/api/v1/actions/<module>.<name>` behind the same authentication.
 * `input` is checked before `handle` runs (a failure is a 422 problem+json pointing at the
 * bad member); a GET action's input is its query string, so its values arrive as strings.
 * Each handler checks permissions through the records API it calls.
 */
export interface ModuleAction<I = any, O = unknown> {
  method: 'GET' | 'POST'
  /** One line for the OpenAPI document. */
  summary: string
  input: JsonSchema
  output?: JsonSchema
  /**
   * The media types of the file the action answers instead of JSON (a report's PDF): its
   * handler sets Content-Type and Content-Disposition on `ctx.response` and returns a Buffer.
   */
  files?: string[]
  /** A second, documented path under /api/v1 (e.g. `/telephony/events`), same handler. */
  path?: string
  handle(op: OpContext, input: I, ctx: HttpContext): Promise<O>
}

/**
 * A metadata kind a module adds: `schema` is the path of its meta-schema, relative to the
 * module's folder (`schemas/request_type.schema.json`); `check` adds the semantic rules a
 * schema cannot express.
 */
export interface ModuleKind extends MetaKind {
  schema: string
}

/**
 * An HTTP route a module adds under `/api/v1`, behind the same authentication, to a lazily
 * imported controller (the builder's `/meta/field-types`). Prefer actions; routes are for
 * endpoints whose path is part of a published contract.
 */
export interface ModuleRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  controller: () => Promise<{ default: new (...args: any[]) => any }>
  action: string
}

/** A module event (sent to a user's or a role's sockets), its payload typed in `ModuleEvents`. */
export interface ModuleEventInfo {
  description: string
}

/**
 * What a module is: its key, the modules it needs, and what it adds to the engine by name.
 * `modules/<folder>/server.ts` exports one as its default; the loader (core/modules/loader.ts)
 * installs modules in dependency order and refuses missing dependencies and cycles.
 *
 * @example
 * export default defineModule({
 *   key: 'work_orders',
 *   dependsOn: ['servicedesk'],
 *   kinds: [{ kind: 'crew', schema: 'schemas/crew.schema.json' }],
 *   actions: { ping: { method: 'POST', summary: 'Echo', input: { type: 'object' }, handle: async (_op, input) => input } },
 * })
 */
export interface ModuleDefinition {
  /** Permanent snake_case key; action names are `<key>.<action>`. */
  key: string
  dependsOn?: string[]
  kinds?: ModuleKind[]
  /** Record hooks by entity key (`*` = every entity). */
  hooks?: Array<{ entity: string; hook: RecordHook }>
  /** Durable job handlers by queue. */
  jobs?: Record<string, JobHandlerConfig<any>>
  actions?: Record<string, ModuleAction>
  routes?: ModuleRoute[]
  /** The realtime events the module emits; their payloads are declared in `ModuleEvents`. */
  events?: { [K in keyof ModuleEvents]?: ModuleEventInfo }
  /**
   * Runs once, after the modules it depends on were installed: registrations the fields above
   * do not cover (navigation, shortcuts, timeline kinds, automation events, audit actions,
   * automation and workflow actions), or imports of files that register themselves.
   */
  setup?(): Promise<void> | void
}

/** A module, declared: returns the definition with its types checked. */
export function defineModule<const D extends ModuleDefinition>(definition: D): D {
  return definition
}

/** One module action, declared apart from its module (its handler's input typed by `I`). */
export function defineAction<I = Record<string, any>, O = unknown>(action: ModuleAction<I, O>): ModuleAction<I, O> {
  return action
}
