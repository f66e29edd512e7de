/**
 * The connector SDK: what a connector type (`connectors/<type>/`) implements and what the
 * connector host (core/connectors/host.ts) gives it. A type is a folder with `manifest.json`
 * (ConnectorManifest), `index.ts` whose default export is `defineConnectorType(...)`, a
 * README for integrators and a spec running the shared contract suite
 * (core/testing/connector_contract.ts). An instance is metadata: `<key>.connector.json`
 * (ConnectorInstanceDoc). Connectors never import modules: inbound events go to the engine
 * through `ctx.deliver`, whose handlers modules register by event type
 * (core/connectors/inbound.ts); modules ask for outbound work by capability
 * (`performCapability('originate', ...)`, core/connectors/host.ts).
 */
import type { JsonSchema } from '#core/modules/define'

/** What an instance of a type can do; modules find instances by capability. */
export const CAPABILITIES = ['call_events', 'originate', 'recordings', 'ivr', 'send_message', 'receive_message', 'sync', 'payments', 'webhooks_out'] as const
export type Capability = (typeof CAPABILITIES)[number]

/** `connectors/<type>/manifest.json`. */
export interface ConnectorManifest {
  /** The type's key: the folder's name (`asterisk-ami`). */
  key: string
  labels: { uk: string; en: string }
  description?: { uk: string; en: string }
  capabilities: Capability[]
  /**
   * The type keeps a long-lived connection (a TCP session to a PBX): each instance runs on one
   * node at a time, the leader for it (a PostgreSQL advisory lock), taken over when that node dies.
   * Types without it run on every node (webhook receivers, HTTP senders).
   */
  singleton?: boolean
  /** The type receives webhooks at /api/v1/connectors/<instance>/webhook. */
  webhook?: boolean
  /**
   * The instance's `config`, JSON Schema 2020-12. A secret member is marked `"x-secret": true`
   * (a string): in metadata it is `{"$env": "NAME"}` (read from the environment) or
   * `{"$encrypted": "..."}` (encrypted with the app key); never clear text, never returned.
   */
  config: JsonSchema
  /** The type's actions (`perform`), each with its input schema: `originate`, `send_message`, `test`... */
  actions?: Record<string, { summary: string; input: JsonSchema }>
}

/** `<key>.connector.json`: one configured instance of a type. */
export interface ConnectorInstanceDoc {
  key: string
  kind: 'connector'
  type: string
  label?: { uk: string; en?: string }
  enabled: boolean
  /** Checked against the type's `config` schema (secrets as references). */
  config: Record<string, unknown>
  /** Declarative mappings the type interprets (payload field picks, value maps). */
  mappings?: Record<string, unknown>
}

export type HealthStatus = 'up' | 'down' | 'degraded' | 'stopped'

export interface ConnectorHealth {
  status: HealthStatus
  /** One line for the admin (no secrets): "connected to 10.0.0.5:5038", "login refused". */
  detail?: string
  /** ISO time of the last change of status. */
  since?: string
}

/** One line of `sys_connector_log`; the host masks personal data in `payload` and `error`. */
export interface ConnectorLogEntry {
  direction: 'in' | 'out'
  /** `Originate`, `webhook`, `event:Hangup`, `POST /calls`... */
  operation: string
  status: 'ok' | 'error' | 'refused' | 'duplicate'
  latencyMs?: number
  correlationId?: string
  error?: string
  payload?: unknown
}

/**
 * An inbound event for the engine. `idempotencyKey` is unique per instance and per real-world
 * event (a PBX's unique id + event name): the host runs each key's handler once, even when the
 * peer repeats it, the session reconnects or the node is killed and restarted.
 */
export interface InboundEvent<T = unknown> {
  /** The handler's name, e.g. `call_event` (payload: CallEventPayload). */
  type: string
  idempotencyKey: string
  payload: T
}

/** The normalised call event (type `call_event`), the same as POST /api/v1/telephony/events takes. */
export interface CallEventPayload {
  event: 'ringing' | 'answered' | 'ended' | 'missed'
  callId: string
  caller: string
  dialed?: string
  extension?: string
  queue?: string
  /** ISO 8601 */
  at?: string
  /** The recording's reference: a URL, or a file name the recordings storage resolves. */
  recording?: string
  direction?: 'inbound' | 'outbound' | 'internal'
}

/** A durable key–value store per instance (cursors, the last event seen): `sys_connector_state`. */
export interface ConnectorState {
  get<T = unknown>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
}

/** What the host gives an instance when it starts it. */
export interface ConnectorContext {
  /** The instance's key (`city_pbx`). */
  key: string
  /** The config with secrets resolved: keep it in memory, never log it. */
  config: Record<string, any>
  mappings: Record<string, any>
  /** Aborted when the instance stops or is reconfigured. */
  signal: AbortSignal
  /** Hands an inbound event to the engine: durable, de-duplicated by its key, retried on failure. */
  deliver(event: InboundEvent): Promise<void>
  /** Records one exchange in `sys_connector_log`. */
  log(entry: ConnectorLogEntry): void
  /** Reports a change of health (shown on /health and the Connectors screen, live). */
  setHealth(health: Omit<ConnectorHealth, 'since'>): void
  state: ConnectorState
  /**
   * Set when the instance is started only to test a config (the admin's "Test connection"):
   * open no listener, move no webhook, take no poll from the live instance; nothing delivered
   * reaches the engine anyway.
   */
  probe?: boolean
}

/** An HTTP request the peer sent to /api/v1/connectors/<instance>/webhook. */
export interface WebhookRequest {
  method: string
  headers: Record<string, string | undefined>
  query: Record<string, string | undefined>
  /** The raw body, before any parsing (signatures are over these bytes). */
  rawBody: Buffer
}

export interface WebhookAnswer {
  /** 2xx when accepted; 401 when the signature or token is wrong (nothing is processed). */
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** Events to deliver (each once, by its idempotency key); processed after the answer. */
  events?: InboundEvent[]
}

/** One running instance of a type. */
export interface Connector {
  start(ctx: ConnectorContext): Promise<void>
  /** Releases every socket and timer; resolves when they are. */
  stop(): Promise<void>
  health(): ConnectorHealth
  /** Checks the peer is reachable with this config (the admin's "Test connection"). */
  test?(): Promise<{ ok: boolean; detail: string }>
  /** Verifies (signature, secret token) and maps a webhook; must not throw on bad input. */
  handleWebhook?(req: WebhookRequest): Promise<WebhookAnswer>
  /** One of the manifest's actions: originate a call, send a message... */
  perform?(action: string, input: any): Promise<unknown>
}

export interface ConnectorType {
  manifest: ConnectorManifest
  /** A new, not yet started instance. */
  create(): Connector
}

/** A connector type's `index.ts` default export. */
export function defineConnectorType(type: ConnectorType): ConnectorType {
  return type
}
