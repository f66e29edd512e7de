/**
 * One update, however it came (webhook or long polling), as the events to deliver: mapped
 * (map_update.ts), its photo downloaded into `attachments` within `maxFileBytes`, its callback
 * query answered. A failed download still delivers the message, without the bytes.
 */
import type { ConnectorContext, InboundEvent } from '#core/connectors/types'
import type { InboundAttachment, MessageInPayload } from '#core/connectors/messaging'
import type { Update } from 'grammy/types'
import { describeError, type BotClient } from './client.js'
import { mapUpdate } from './map_update.js'

export async function eventsOf(update: Update, ctx: ConnectorContext, client: BotClient, maxFileBytes: number): Promise<InboundEvent<MessageInPayload>[]> {
  const mapped = mapUpdate(update)
  if (!mapped) {
    ctx.log({ direction: 'in', operation: 'update', status: 'ok', correlationId: String(update.update_id), payload: { ignored: Object.keys(update).filter((k) => k !== 'update_id') } })
    return []
  }
  const { payload, photo, callbackQueryId } = mapped
  if (callbackQueryId) {
    // not awaited: the button's spinner stops a moment later either way
    void client
      .call((signal) => client.api.answerCallbackQuery(callbackQueryId, {}, signal))
      .catch((error) => ctx.log({ direction: 'out', operation: 'answerCallbackQuery', status: 'error', error: describeError(error) }))
  }
  if (photo) payload.attachments = [await download(photo.file_id, photo.file_size, payload.externalId, ctx, client, maxFileBytes)]
  return [{ type: 'message_in', idempotencyKey: mapped.idempotencyKey, payload }]
}

async function download(fileId: string, knownSize: number | undefined, externalId: string, ctx: ConnectorContext, client: BotClient, maxFileBytes: number): Promise<InboundAttachment> {
  const attachment: InboundAttachment = { name: `photo_${externalId.replace(':', '_')}.jpg`, mime: 'image/jpeg' }
  if (knownSize !== undefined && knownSize > maxFileBytes) return { ...attachment, size: knownSize, tooLarge: true }
  const started = Date.now()
  try {
    const file = await client.call((signal) => client.api.getFile(fileId, signal))
    if (file.file_size !== undefined && file.file_size > maxFileBytes) return { ...attachment, size: file.file_size, tooLarge: true }
    if (!file.file_path) throw new Error('Telegram gave no file_path')
    const got = await client.download(file.file_path, maxFileBytes)
    ctx.log({ direction: 'out', operation: 'getFile', status: 'ok', latencyMs: Date.now() - started, correlationId: externalId, payload: { size: got.size, tooLarge: !!got.tooLarge } })
    return got.tooLarge ? { ...attachment, size: got.size, tooLarge: true } : { ...attachment, data: got.data!.toString('base64'), size: got.size }
  } catch (error) {
    ctx.log({ direction: 'out', operation: 'getFile', status: 'error', latencyMs: Date.now() - started, correlationId: externalId, error: describeError(error) })
    return knownSize === undefined ? attachment : { ...attachment, size: knownSize }
  }
}
