/**
 * The messaging actions as the screens read them (modules/messaging/actions/*.ts), and the
 * words of their refusals at the reply box's fields.
 */
import { ApiError, get, post } from '../../../core/ui/src/api/client.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'

export type { ChatPop } from '../shared/events.js'

export interface Attachment {
  file?: string
  name: string
  mime?: string
  size?: number
  tooLarge?: boolean
}
export type Message = RecordData & { attachments?: Attachment[] | null }
export interface Channel {
  channel: string
  address: string
  instance: string | null
  preferred: boolean
  usable: boolean
  reason: 'opted_out' | 'no_connector' | 'no_consent' | null
}
export type Chat = RecordData & { waitingSeconds: number; mine: boolean }
/** Whose conversation: a request's, a resident's or one chat's. */
export type Target = { ticket: string } | { contact: string } | { chat: string }

const query = (target: Record<string, string>) => new URLSearchParams(target).toString()

export const conversation = (target: Target) => get<{ data: Message[]; next: string | null }>(`/api/v1/actions/messaging.conversation?${query(target)}`)
export const channelsOf = (contact: string) => get<{ data: Channel[] }>(`/api/v1/actions/messaging.channels?${query({ contact })}`).then((r) => r.data)
export const reply = (body: { chat?: string; ticket?: string; contact?: string; channel?: string; text: string }) =>
  post<{ data: { message: string; channel: string } }>('/api/v1/actions/messaging.reply', body)
export const chatList = () => get<{ data: Chat[]; included?: Record<string, Record<string, RecordData>> }>('/api/v1/actions/messaging.chats')
export const takeChat = (chat: string) => post<{ data: RecordData }>('/api/v1/actions/messaging.take', { chat })
export const closeChat = (chat: string) => post<{ data: RecordData }>('/api/v1/actions/messaging.close', { chat })
export const linkChat = (chat: string, ticket: string) => post('/api/v1/actions/messaging.link', { chat, ticket })

/** A field's refusal (422/409 problem+json) in the UI's words by its code, else the server's. */
export function fieldError(error: unknown, pointers: string[], t: (key: string, opts?: Record<string, unknown>) => string): string | undefined {
  if (!(error instanceof ApiError)) return undefined
  const found = error.errors.find((e) => pointers.includes(e.pointer))
  if (!found) return undefined
  return t(`chat.errors.${found.code ?? 'x'}`, { defaultValue: found.message })
}

/** `m:ss` or `h:mm:ss` of a waiting time. */
export function waited(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const mm = String(Math.floor((s % 3600) / 60))
  const ss = String(s % 60).padStart(2, '0')
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`
}
