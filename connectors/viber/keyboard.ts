/**
 * SendMessageInput → the body of Viber's `send_message`: a text message with a keyboard.
 * A button press comes back as an ordinary text message whose text is the button's
 * ActionBody, so our buttons carry `act:<action>` and events.ts maps such a text back to
 * kind `action`. Asking for the phone (`share-phone`) or the location (`location-picker`)
 * needs API level 3, declared with `min_api_version`.
 */
import type { SendMessageInput } from '#core/connectors/messaging'

/** What marks a text as a button press of ours. */
export const ACTION_PREFIX = 'act:'

/** The labels of the buttons that ask for the phone and the location (Ukrainian: the residents' language). */
export const SHARE_PHONE_LABEL = '📞 Надіслати мій номер'
export const SHARE_LOCATION_LABEL = '📍 Надіслати місцезнаходження'

const GRID = 6

/** Viber renders a subset of HTML in button texts: labels are shown as written. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function sendMessageBody(input: SendMessageInput, sender: { name: string; avatar?: string }): Record<string, unknown> {
  const buttons: Record<string, unknown>[] = []
  for (const row of input.buttons ?? []) {
    const columns = Math.max(1, Math.floor(GRID / Math.max(1, row.length)))
    for (const b of row) buttons.push({ Columns: columns, Rows: 1, ActionType: 'reply', ActionBody: `${ACTION_PREFIX}${b.action}`, Text: escape(b.label) })
  }
  if (input.requestContact) buttons.push({ Columns: GRID, Rows: 1, ActionType: 'share-phone', ActionBody: 'share-phone', Text: SHARE_PHONE_LABEL })
  if (input.requestLocation) buttons.push({ Columns: GRID, Rows: 1, ActionType: 'location-picker', ActionBody: 'location-picker', Text: SHARE_LOCATION_LABEL })
  const body: Record<string, unknown> = {
    receiver: input.to,
    min_api_version: input.requestContact || input.requestLocation ? 3 : 1,
    sender: sender.avatar ? { name: sender.name, avatar: sender.avatar } : { name: sender.name },
    type: 'text',
    text: input.text,
  }
  if (buttons.length) body.keyboard = { Type: 'keyboard', DefaultHeight: false, Buttons: buttons.slice(0, 24) }
  return body
}
