/**
 * A photo the resident sent, kept as the engine keeps uploads (core/http/files_controller.ts):
 * the bytes under `<data>/files/<id>`, a sys_files row uploaded by the connector's user, so the
 * bot (and whoever may read the request) can attach and download it.
 */
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Knex } from 'knex'
import { dataDir } from '#config/paths'
import type { InboundAttachment } from '#core/connectors/messaging'

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
const IMAGE = /^image\/(jpeg|png|gif|webp|heic|heif)$/

/** The first image attachment that came whole, or undefined. */
export function photoOf(attachments: InboundAttachment[] | undefined): InboundAttachment | undefined {
  return attachments?.find((a) => IMAGE.test(a.mime) && !a.tooLarge && a.data)
}

/** Stores the image; returns its sys_files id, or undefined when it is not a usable image. */
export async function storePhoto(db: Knex, attachment: InboundAttachment, uploader: string): Promise<string | undefined> {
  if (!attachment.data || !IMAGE.test(attachment.mime)) return undefined
  const content = Buffer.from(attachment.data, 'base64')
  if (!content.length || content.length > MAX_PHOTO_BYTES) return undefined
  const id = randomUUID()
  const dir = join(dataDir, 'files')
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, id), content)
  const name = (attachment.name || 'photo').replace(/[\u0000-\u001f/\\]/g, '_').slice(0, 255)
  const sha256 = createHash('sha256').update(content).digest('hex')
  await db('sys_files').insert({ id, name, mime: attachment.mime, size: content.length, sha256, created_by: uploader })
  return id
}
