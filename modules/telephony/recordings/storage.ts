import { isAbsolute, join, resolve, sep, extname } from 'node:path'
import { dataDir } from '#config/paths'
import { engine } from '#core/engine/engine'
import { safeName } from './store.js'

/**
 * Where call recordings live and how long they are kept. A file name a PBX gives (Asterisk's
 * MixMonitor `2026/12/03/in-101-1733216400.wav`) is resolved under `VIKNO_RECORDINGS_DIR`
 * (default `<data dir>/recordings`), or in an S3-compatible bucket when
 * `VIKNO_RECORDINGS_S3_URL` is set (store.ts); a reference that is an http(s) URL is the
 * PBX's own storage, fetched on the listener's behalf. Read at each use, so a changed
 * environment (a spec) applies without a restart.
 */
export function recordingsDir(): string {
  return resolve(process.env.VIKNO_RECORDINGS_DIR || join(dataDir, 'recordings'))
}

/**
 * Days a recording is kept after its call: the `retentionDays` of the call entity's
 * `recording` field (metadata, editable in the builder; the city pack says 90), else
 * `VIKNO_RECORDING_RETENTION_DAYS`, else 90; 0 keeps them for ever.
 */
export function retentionDays(): number {
  const fromMeta = engine.set?.entity('call')?.fields.recording?.retentionDays
  if (typeof fromMeta === 'number' && fromMeta >= 0) return Math.floor(fromMeta)
  const raw = process.env.VIKNO_RECORDING_RETENTION_DAYS
  const n = raw === undefined || raw === '' ? 90 : Number(raw)
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : 90
}

export const isUrlReference = (ref: string) => /^https?:\/\//i.test(ref)

/**
 * The file of a recording reference, or undefined when the name would leave the recordings
 * folder (`..`, an absolute path, a NUL, a backslash) — such a reference is never opened.
 *
 * @example localPath('2026/12/03/a.wav') // '/srv/vikno/data/recordings/2026/12/03/a.wav'
 * @example localPath('../app_key')       // undefined
 */
export function localPath(ref: string): string | undefined {
  if (!safeName(ref) || isAbsolute(ref)) return undefined
  const root = recordingsDir()
  const path = resolve(root, ref)
  return path.startsWith(root + sep) ? path : undefined
}

const TYPES: Record<string, string> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.gsm': 'audio/x-gsm',
  '.webm': 'audio/webm',
}

/** The audio type of a recording's file by its extension (octet-stream when unknown). */
export function audioType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}
