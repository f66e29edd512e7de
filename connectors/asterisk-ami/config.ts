/** The instance's config with the manifest's defaults filled in (the host checked it against the schema). */
export interface AmiConfig {
  host: string
  port: number
  username: string
  secret: string
  originateContext: string
  channelTemplate: string
  callerId: string
  originateTimeoutMs: number
  extensionPattern: RegExp
  recordingTemplate: string
  pingIntervalMs: number
  timeoutMs: number
  reconnectMinMs: number
  reconnectMaxMs: number
  settleMs: number
}

export function amiConfig(c: Record<string, any>): AmiConfig {
  return {
    host: String(c.host),
    port: c.port ?? 5038,
    username: String(c.username),
    secret: String(c.secret ?? ''),
    originateContext: c.originateContext ?? 'from-internal',
    channelTemplate: c.channelTemplate ?? 'PJSIP/{extension}',
    callerId: c.callerId ?? 'Vikno <{number}>',
    originateTimeoutMs: c.originateTimeoutMs ?? 30_000,
    extensionPattern: new RegExp(c.extensionPattern ?? '^[0-9]{2,6}$'),
    recordingTemplate: c.recordingTemplate ?? '{monitor}',
    pingIntervalMs: c.pingIntervalMs ?? 20_000,
    timeoutMs: c.timeoutMs ?? 5_000,
    reconnectMinMs: c.reconnectMinMs ?? 1_000,
    reconnectMaxMs: c.reconnectMaxMs ?? 30_000,
    settleMs: c.settleMs ?? 500,
  }
}

/**
 * The recording reference from MIXMONITOR_FILENAME: `{file}` the whole path, `{name}` its last
 * segment URL-encoded (for a link), `{monitor}` the path below Asterisk's `monitor/` folder (or
 * the file name), for a copy of that folder in VIKNO_RECORDINGS_DIR.
 */
export function recordingRef(template: string, file: string) {
  const name = file.split('/').pop() ?? file
  const monitor = /\/monitor\/(.+)$/.exec(file)?.[1] ?? name
  return template.replaceAll('{file}', file).replaceAll('{name}', encodeURIComponent(name)).replaceAll('{monitor}', monitor)
}

/** Backoff before reconnect attempt `n` (0-based): doubling from the minimum up to the maximum, ±20 %. */
export function backoffMs(n: number, min: number, max: number, random = Math.random) {
  const base = Math.min(max, min * 2 ** Math.min(n, 30))
  return Math.round(base * (0.8 + 0.4 * random()))
}
