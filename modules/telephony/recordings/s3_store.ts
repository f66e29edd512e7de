import { Client } from 'minio'
import type { RecordingStore } from './store.js'
import { safeName } from './store.js'

/** An S3-compatible bucket (AWS S3, MinIO, Ceph, Wasabi…) holding the PBX's recordings. */
export interface S3Settings {
  endPoint: string
  port?: number
  useSSL: boolean
  bucket: string
  /** Prepended to a recording's name: `pbx/` + `2026/12/03/a.wav`. */
  prefix: string
  region: string
  accessKey: string
  secretKey: string
}

/**
 * The bucket from the environment: `VIKNO_RECORDINGS_S3_URL` (path style:
 * `https://s3.eu-central-1.amazonaws.com/<bucket>/<prefix>`), `VIKNO_RECORDINGS_S3_ACCESS_KEY`,
 * `VIKNO_RECORDINGS_S3_SECRET_KEY`, `VIKNO_RECORDINGS_S3_REGION` (default us-east-1).
 * Undefined when no URL is set (recordings stay on the local disk).
 */
export function s3Settings(env: NodeJS.ProcessEnv = process.env): S3Settings | undefined {
  const raw = env.VIKNO_RECORDINGS_S3_URL
  if (!raw) return undefined
  const url = new URL(raw)
  const [bucket, ...rest] = url.pathname.split('/').filter(Boolean)
  if (!bucket) throw new Error('VIKNO_RECORDINGS_S3_URL names no bucket (https://host/<bucket>/<prefix>)')
  return {
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    useSSL: url.protocol === 'https:',
    bucket,
    prefix: rest.length ? `${rest.join('/')}/` : '',
    region: env.VIKNO_RECORDINGS_S3_REGION || 'us-east-1',
    accessKey: env.VIKNO_RECORDINGS_S3_ACCESS_KEY ?? '',
    secretKey: env.VIKNO_RECORDINGS_S3_SECRET_KEY ?? '',
  }
}

const clients = new Map<string, Client>()

/** The bucket as a RecordingStore, through the `minio` S3 client (path-style, signed v4). */
export function s3Store(s: S3Settings): RecordingStore {
  const id = JSON.stringify(s)
  let client = clients.get(id)
  if (!client) {
    client = new Client({ endPoint: s.endPoint, port: s.port, useSSL: s.useSSL, accessKey: s.accessKey, secretKey: s.secretKey, region: s.region, pathStyle: true })
    clients.set(id, client)
  }
  const c = client
  const key = (ref: string) => (safeName(ref) ? s.prefix + ref : undefined)
  return {
    async size(ref) {
      const k = key(ref)
      return k
        ? c.statObject(s.bucket, k).then(
            (st) => st.size,
            () => undefined
          )
        : undefined
    },
    async read(ref, range) {
      const k = key(ref)
      if (!k) throw new Error('unsafe recording name')
      return range ? c.getPartialObject(s.bucket, k, range.start, range.end - range.start + 1) : c.getObject(s.bucket, k)
    },
    async remove(ref) {
      const k = key(ref)
      return (
        !!k &&
        c.removeObject(s.bucket, k).then(
          () => true,
          () => false
        )
      )
    },
    async sweep(cutoff) {
      const old: string[] = []
      for await (const item of c.listObjectsV2(s.bucket, s.prefix, true)) {
        if (item.name && item.lastModified && item.lastModified < cutoff) old.push(item.name)
      }
      for (const name of old) await c.removeObject(s.bucket, name).catch(() => {})
      return old.length
    },
  }
}
