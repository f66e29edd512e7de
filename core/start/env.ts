import { Env } from '@adonisjs/core/env'

/**
 * Typed, validated environment. Every variable is optional so that `npm start` works with no
 * `.env` at all; `.env.test` (committed) is loaded when NODE_ENV=test.
 */
export default await Env.create(new URL('../../', import.meta.url), {
  NODE_ENV: Env.schema.enum.optional(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  LOG_LEVEL: Env.schema.enum.optional(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  /** Encryption key; generated into the data folder on first start when absent. */
  APP_KEY: Env.schema.string.optional(),
  /** PostgreSQL server; absent: the embedded PGlite in VIKNO_DATA_DIR. */
  DATABASE_URL: Env.schema.string.optional(),
  /** The schema owner's connection (migrations, publishes); DATABASE_URL then serves requests. */
  DATABASE_OWNER_URL: Env.schema.string.optional(),
  /** Redis for the Socket.IO adapter across nodes (else PostgreSQL NOTIFY with a server). */
  REDIS_URL: Env.schema.string.optional(),
  VIKNO_DATA_DIR: Env.schema.string.optional(),
  /** The city pack under seeds/ (default vyshhorod). */
  VIKNO_CITY: Env.schema.string.optional(),
  /** Load the demo data of the city pack (default true, except in tests). */
  VIKNO_DEMO: Env.schema.boolean.optional(),
  /** Extra module folders (colon-separated), scanned for metadata like modules/<name>. */
  VIKNO_EXTRA_MODULES: Env.schema.string.optional(),
  /** Extra connector type folders (colon-separated), found like connectors/<type>/ (test fixtures). */
  VIKNO_EXTRA_CONNECTORS: Env.schema.string.optional(),
  /** Days the connector exchange log (sys_connector_log) is kept (default 30). */
  VIKNO_CONNECTOR_LOG_DAYS: Env.schema.number.optional(),
  /** Node name shown in /health (multi-node deployments). */
  VIKNO_NODE: Env.schema.string.optional(),
  /** Reverse proxies whose X-Forwarded-* headers are believed (comma-separated IPs/CIDRs). */
  TRUSTED_PROXIES: Env.schema.string.optional(),
  /** Gives /health details to callers sending `Authorization: Bearer <HEALTH_TOKEN>`. */
  HEALTH_TOKEN: Env.schema.string.optional(),
  /** SMTP server for reports sent by automations (`send_report`): `smtp://user:pass@host:587`, `smtps://…:465`. */
  VIKNO_SMTP_URL: Env.schema.string.optional(),
  /** The sender of those letters: `Контакт-центр <reports@city.gov.ua>`. */
  VIKNO_SMTP_FROM: Env.schema.string.optional(),
  /** Roles that must sign in with a second factor (TOTP), comma-separated, e.g. `admin,supervisor`. */
  VIKNO_REQUIRE_2FA: Env.schema.string.optional(),
  /** Map tiles (a URL template, `https://tile.openstreetmap.org/{z}/{x}/{y}.png`); absent: maps draw a plain background. */
  VIKNO_MAP_TILES: Env.schema.string.optional(),
  /** The tiles' attribution (HTML allowed by Leaflet), e.g. `&copy; OpenStreetMap contributors`. */
  VIKNO_MAP_ATTRIBUTION: Env.schema.string.optional(),
})
