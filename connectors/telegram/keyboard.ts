/**
 * The `reply_markup` of an outbound message (SendMessageInput): rows of inline buttons whose
 * `callback_data` comes back as the press's `action`, or a one-time reply keyboard asking for
 * the user's phone or location. Telegram takes one markup per message, so an input with both
 * becomes two messages (`messagesOf`): the text with its buttons, then a pointer to the reply
 * keyboard; and callback data is at most 64 bytes.
 */
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types'
import type { SendMessageInput } from '#core/connectors/messaging'

/** Telegram's limit on `callback_data`, in bytes (UTF-8). */
export const CALLBACK_DATA_MAX_BYTES = 64

/** The labels of the request buttons (the residents' language first; Telegram shows them as typed). */
export const REQUEST_LABELS = { contact: '📱 Поділитися номером телефону', location: '📍 Надіслати місцезнаходження' }

/** The markup for `input`, or undefined; throws a message naming the offending button. */
export function replyMarkup(input: Pick<SendMessageInput, 'buttons' | 'requestContact' | 'requestLocation'>): InlineKeyboardMarkup | ReplyKeyboardMarkup | undefined {
  const rows = (input.buttons ?? []).filter((row) => row.length)
  const asks = !!input.requestContact || !!input.requestLocation
  if (rows.length && asks) throw new Error('Telegram cannot show buttons and a request for the phone or the location in one message: send them as two messages (messagesOf)')
  if (rows.length) {
    return {
      inline_keyboard: rows.map((row) =>
        row.map((button) => {
          const bytes = Buffer.byteLength(button.action ?? '', 'utf8')
          if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES)
            throw new Error(`the action of button "${button.label}" is ${bytes} bytes; Telegram takes 1 to ${CALLBACK_DATA_MAX_BYTES} bytes of callback data`)
          return { text: button.label, callback_data: button.action }
        })
      ),
    }
  }
  if (!asks) return undefined
  const keyboard = []
  if (input.requestContact) keyboard.push([{ text: REQUEST_LABELS.contact, request_contact: true }])
  if (input.requestLocation) keyboard.push([{ text: REQUEST_LABELS.location, request_location: true }])
  return { keyboard, one_time_keyboard: true, resize_keyboard: true }
}

/** The text of the second message that carries the phone / location keyboard. */
export const REQUEST_HINT = '👇'

/** The Bot API messages one input becomes: one, or two when it has buttons and asks for the phone or location. */
export function messagesOf(input: Pick<SendMessageInput, 'text' | 'buttons' | 'requestContact' | 'requestLocation'>): Array<{ text: string; markup?: InlineKeyboardMarkup | ReplyKeyboardMarkup }> {
  const asks = !!input.requestContact || !!input.requestLocation
  if (!asks || !(input.buttons ?? []).some((row) => row.length)) return [{ text: input.text, markup: replyMarkup(input) }]
  return [
    { text: input.text, markup: replyMarkup({ buttons: input.buttons }) },
    { text: REQUEST_HINT, markup: replyMarkup({ requestContact: input.requestContact, requestLocation: input.requestLocation }) },
  ]
}
