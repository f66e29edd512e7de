/**
 * Where a message to a resident can go: the channel connector instances that send on a
 * channel, a resident's addresses in each channel (messenger links, phone for SMS, e-mail),
 * their opt-outs, and the order channels are tried in (preferred first).
 */
import type { Knex } from 'knex'
import type { MetadataSet } from '#core/metadata/set'
import type { ConnectorInstanceDoc } from '#core/connectors/types'
import { connectorManifest } from '#core/connectors/registry'
import { MESSAGE_CHANNELS, type MessageChannel } from '#core/connectors/messaging'

/** The channel of the shipped channel types; another type names it in `config.channel`. */
const TYPE_CHANNEL: Record<string, MessageChannel> = { telegram: 'telegram', viber: 'viber', smpp: 'sms', 'http-sms': 'sms', email: 'email' }

export const isChannel = (value: unknown): value is MessageChannel => MESSAGE_CHANNELS.includes(value as MessageChannel)

/** The channel an instance sends on, or undefined when it is no channel connector. */
export function channelOfInstance(doc: ConnectorInstanceDoc): MessageChannel | undefined {
  const own = doc.config?.channel
  return isChannel(own) ? own : TYPE_CHANNEL[doc.type]
}

/** The enabled instances that can send on `channel`, in the order they were published. */
export function sendersOf(set: MetadataSet, channel: MessageChannel): string[] {
  return (set.list('connector') as unknown as ConnectorInstanceDoc[])
    .filter((d) => d.enabled && channelOfInstance(d) === channel && connectorManifest(d.type)?.capabilities.includes('send_message'))
    .map((d) => d.key)
}

/**
 * The instance to answer `address` through: the one the resident last wrote through when it
 * can still send, else the first instance of the channel.
 */
export async function senderFor(db: Knex | Knex.Transaction, set: MetadataSet, channel: MessageChannel, address: string): Promise<string | undefined> {
  const senders = sendersOf(set, channel)
  if (!senders.length) return undefined
  const last = await db('message').where({ channel, address, direction: 'inbound' }).whereIn('connector', senders).orderBy('created_at', 'desc').first('connector')
  return last?.connector ?? senders[0]
}

/** A resident's address in each channel they have. */
export function addressesOf(contact: Record<string, any>): Partial<Record<MessageChannel, string>> {
  const messengers = (contact.messengers ?? {}) as Record<string, unknown>
  const out: Partial<Record<MessageChannel, string>> = {}
  if (typeof messengers.telegram === 'string' && messengers.telegram) out.telegram = messengers.telegram
  if (typeof messengers.viber === 'string' && messengers.viber) out.viber = messengers.viber
  if (contact.phone) out.sms = contact.phone
  if (contact.email) out.email = contact.email
  return out
}

/** The channels the resident asked not to be written to (STOP). */
export function optedOut(contact: Record<string, any> | undefined): Set<MessageChannel> {
  const list = contact?.channel_optout
  return new Set(Array.isArray(list) ? list.filter(isChannel) : [])
}

/** Whether we may write to the resident first at all: not when their only basis is a withdrawn consent. */
export function mayContact(contact: Record<string, any>): boolean {
  return !(contact.legal_basis === 'consent' && contact.consent === false)
}

/** Preferred channel first, then messengers (free and read), SMS, e-mail. */
export function channelOrder(contact: Record<string, any>): MessageChannel[] {
  const rest: MessageChannel[] = ['telegram', 'viber', 'sms', 'email']
  const preferred = contact.preferred_channel
  return isChannel(preferred) ? [preferred, ...rest.filter((c) => c !== preferred)] : rest
}

export interface ChannelOption {
  channel: MessageChannel
  address: string
  instance: string
  preferred: boolean
}

/**
 * The channels a message to the resident can take now, best first: they have an address
 * there, did not opt out, and an instance sends there. `reply`: the resident wrote to us, so
 * an opt-out or a withdrawn consent does not stop the answer.
 */
export async function usableChannels(db: Knex | Knex.Transaction, set: MetadataSet, contact: Record<string, any>, reply = false): Promise<ChannelOption[]> {
  if (!reply && !mayContact(contact)) return []
  const addresses = addressesOf(contact)
  const out = optedOut(contact)
  const options: ChannelOption[] = []
  for (const channel of channelOrder(contact)) {
    const address = addresses[channel]
    if (!address || (!reply && out.has(channel))) continue
    const instance = await senderFor(db, set, channel, address)
    if (instance) options.push({ channel, address, instance, preferred: channel === contact.preferred_channel })
  }
  return options
}
