import type { Readable } from 'node:stream'
import { diskStore } from './disk_store.js'
import { s3Settings, s3Store } from './s3_store.js'

/**
 * Where recordings a PBX names by file live: the local disk (`VIKNO_RECORDINGS_DIR`, the
 * default) or an S3-compatible bucket (`VIKNO_RECORDINGS_S3_URL`). References that are
 * http(s) URLs are the PBX's own storage and never reach a store.
 */
export interface RecordingStore {
  /** The object's size, or undefined when the reference is unsafe or names nothing. */
  size(ref: string): Promise<number | undefined>
  /** The bytes, whole or from `start` to `end` inclusive. */
  read(ref: string, range?: { start: number; end: number }): Promise<Readable>
  /** Deletes it; false when there was nothing (or it could not). */
  remove(ref: string): Promise<boolean>
  /** Deletes what is older than `cutoff` (by its modification time); returns how many. */
  sweep(cutoff: Date): Promise<number>
}

/** The store in use now (read at each use, so a changed environment applies without a restart). */
export function recordingStore(): RecordingStore {
  const s3 = s3Settings()
  return s3 ? s3Store(s3) : diskStore()
}

/**
 * Whether a reference is a safe relative name: no `..`, `.` or empty segment, not absolute,
 * no NUL or backslash, at most 1000 characters.
 *
 * @example safeName('2026/12/03/a.wav') // true
 * @example safeName('../app_key')       // false
 */
export function safeName(ref: string): boolean {
  if (!ref || ref.length > 1000 || /^https?:\/\//i.test(ref) || ref.startsWith('/') || /[\0\\]/.test(ref)) return false
  return !ref.split('/').some((part) => part === '..' || part === '.' || part === '')
}
