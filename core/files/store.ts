/**
 * Stores a file the server itself received (a photo a resident sent through a messenger, an
 * e-mail attachment) the way an upload is stored (core/http/files_controller.ts): the bytes
 * under the data folder, a `sys_files` row; a `file` field then refers to its id.
 */
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Knex } from 'knex'
import { dataDir } from '#config/paths'

export interface StoredFile {
  id: string
  name: string
  mime: string
  size: number
  sha256: string
}

/** Writes the bytes, then records the file on behalf of `createdBy` (who may attach it). */
export async function storeFile(db: Knex | Knex.Transaction, file: { name: string; mime: string; bytes: Buffer; createdBy: string | null }): Promise<StoredFile> {
  const id = randomUUID()
  const dir = join(dataDir, 'files')
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, id), file.bytes)
  const sha256 = createHash('sha256').update(file.bytes).digest('hex')
  const name = (file.name || 'file').replace(/[\u0000-\u001f/\\]/g, '_').slice(0, 255)
  const mime = /^[\w.+-]+\/[\w.+-]+$/.test(file.mime) ? file.mime.slice(0, 127) : 'application/octet-stream'
  const [row] = await db('sys_files').insert({ id, name, mime, size: file.bytes.length, sha256, created_by: file.createdBy }).returning(['id', 'name', 'mime', 'size', 'sha256'])
  return { ...row, size: Number(row.size) }
}
