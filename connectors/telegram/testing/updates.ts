/**
 * Telegram updates as the Bot API sends them (the `Update` object and its `Message`,
 * `CallbackQuery`, `ChatMemberUpdated`), for specs; the emulator gives the update_id.
 */
import type { Update, User } from 'grammy/types'

type NewUpdate = Omit<Update, 'update_id'>

let messageId = 100
const now = () => Math.floor(Date.now() / 1000)

export const resident = (id: number): User => ({ id, is_bot: false, first_name: 'Олена', last_name: 'Коваль', language_code: 'uk' })
const privateChat = (id: number) => ({ id, type: 'private' as const, first_name: 'Олена', last_name: 'Коваль' })

function message(chat: number, extra: Record<string, unknown>): NewUpdate {
  return { message: { message_id: ++messageId, from: resident(chat), chat: privateChat(chat), date: now(), ...extra } } as NewUpdate
}

export const textUpdate = (chat: number, text: string) =>
  message(chat, { text, ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0].length }] } : {}) })

/** A shared contact; `userId` is whose number it is (the sender's own when it is the chat's id). */
export const contactUpdate = (chat: number, phone: string, userId: number | undefined = chat) =>
  message(chat, { contact: { phone_number: phone, first_name: 'Олена', ...(userId !== undefined ? { user_id: userId } : {}) } })

export const locationUpdate = (chat: number, latitude: number, longitude: number) => message(chat, { location: { latitude, longitude } })

/** A photo in three sizes, the largest being `file` (the emulator's addFile). */
export const photoUpdate = (chat: number, file: { file_id: string; file_unique_id: string; file_size: number }, caption?: string) =>
  message(chat, {
    photo: [
      { file_id: 'small-thumb', file_unique_id: 'small', width: 90, height: 67, file_size: 1200 },
      { file_id: 'medium-size', file_unique_id: 'medium', width: 320, height: 240, file_size: 9000 },
      { ...file, width: 1280, height: 960 },
    ],
    ...(caption ? { caption } : {}),
  })

export const callbackUpdate = (chat: number, data: string, id = `cb${++messageId}`): NewUpdate =>
  ({
    callback_query: { id, from: resident(chat), chat_instance: '-8700000000000000001', data, message: { message_id: 1, date: now(), chat: privateChat(chat), text: 'Оберіть' } },
  }) as NewUpdate

/** The user blocked the bot (`kicked`) or unblocked it (`member`). */
export const memberUpdate = (chat: number, status: 'kicked' | 'member'): NewUpdate =>
  ({
    my_chat_member: {
      chat: privateChat(chat),
      from: resident(chat),
      date: now(),
      old_chat_member:
        status === 'kicked'
          ? { status: 'member', user: { id: 7000000001, is_bot: true, first_name: 'Vikno' } }
          : { status: 'kicked', user: { id: 7000000001, is_bot: true, first_name: 'Vikno' }, until_date: 0 },
      new_chat_member:
        status === 'kicked'
          ? { status: 'kicked', user: { id: 7000000001, is_bot: true, first_name: 'Vikno' }, until_date: 0 }
          : { status: 'member', user: { id: 7000000001, is_bot: true, first_name: 'Vikno' } },
    },
  }) as NewUpdate
