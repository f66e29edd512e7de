/**
 * The files that came with an inbound message, stored as uploads are (core/files/store.ts) on
 * behalf of the connector's user; a file the type could not fetch (`tooLarge`) or whose bytes
 * are missing is listed by name only.
 */
import type { OpContext } from '#core/records/context'
import type { InboundAttachment } from '#core/connectors/messaging'
import { storeFile } from '#core/files/store'

export interface AttachmentRef {
  file?: string
  name: string
  mime: string
  size?: number
  tooLarge?: boolean
}

const MAX_BYTES = 10 * 1024 * 1024
const MAX_FILES = 20

export async function storeAttachments(op: OpContext, attachments: InboundAttachment[] | undefined): Promise<AttachmentRef[]> {
  const out: AttachmentRef[] = []
  for (const a of (attachments ?? []).slice(0, MAX_FILES)) {
    const name = String(a.name || 'file').slice(0, 255)
    const mime = String(a.mime || 'application/octet-stream').slice(0, 127)
    const bytes = a.data && !a.tooLarge ? Buffer.from(a.data, 'base64') : undefined
    if (!bytes?.length || bytes.length > MAX_BYTES) {
      out.push({ name, mime, ...(a.size ? { size: a.size } : {}), tooLarge: a.tooLarge || (bytes?.length ?? 0) > MAX_BYTES || undefined })
      continue
    }
    const stored = await storeFile(op.db, { name, mime, bytes, createdBy: op.actor.id })
    out.push({ file: stored.id, name: stored.name, mime: stored.mime, size: stored.size })
  }
  return out
}
