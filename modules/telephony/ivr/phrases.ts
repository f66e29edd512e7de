import type { Label } from '#core/shared/metadata'
import type { Prompt } from './types.js'

/**
 * What the self-service answers say, built from records: Ukrainian first (the caller hears it),
 * English for logs and foreign callers. Dates are the city's wall time.
 */
const ZONE = 'Europe/Kyiv'
const dayUk = new Intl.DateTimeFormat('uk-UA', { day: 'numeric', month: 'long', timeZone: ZONE })
const dayEn = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: ZONE })
const timeOf = new Intl.DateTimeFormat('uk-UA', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: ZONE })

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('uk-UA') + s.slice(1)

/** `ВШГ-2026-000123` → `2026-000123`: what the caller typed, without the city's letters. */
export function spokenNumber(number: string): string {
  return /(\d{4}-\d+)$/.exec(number)?.[1] ?? number
}

function due(at: Date | null, uk: string, en: string): { uk: string; en: string } {
  if (!at || Number.isNaN(at.getTime())) return { uk: '', en: '' }
  const time = timeOf.format(at)
  return { uk: `, ${uk} ${dayUk.format(at)} до ${time}`, en: `, ${en} ${dayEn.format(at)} by ${time}` }
}

export interface TicketFacts {
  number: string
  state: Label
  /** The resolution due time of an open request; null once it is resolved or closed. */
  dueAt: Date | null
}

/** "Звернення номер 2026-000123: в роботі, термін виконання 5 грудня до 14:00." */
export function statusPhrase(t: TicketFacts): Prompt {
  const d = due(t.dueAt, 'термін виконання', 'due')
  const n = spokenNumber(t.number)
  return { uk: `Звернення номер ${n}: ${lowerFirst(t.state.uk)}${d.uk}.`, en: `Request number ${n}: ${lowerFirst(t.state.en ?? t.state.uk)}${d.en}.` }
}

export interface OutageFacts {
  type: Label
  state: Label
  dueAt: Date | null
}

/** "За вашою адресою: Немає холодної води, в роботі, орієнтовний термін усунення 5 грудня до 18:00." */
export function outagePhrase(o: OutageFacts): Prompt {
  const d = due(o.dueAt, 'орієнтовний термін усунення', 'expected to be fixed')
  return { uk: `За вашою адресою: ${o.type.uk}, ${lowerFirst(o.state.uk)}${d.uk}.`, en: `At your address: ${o.type.en ?? o.type.uk}, ${lowerFirst(o.state.en ?? o.state.uk)}${d.en}.` }
}

export const PHRASES = {
  requestNotFound: { uk: 'Звернення з таким номером не знайдено.', en: 'No request with this number was found.' },
  noOpenRequests: { uk: 'За вашим номером телефону відкритих звернень не знайдено.', en: 'There are no open requests for your phone number.' },
  callerUnknown: { uk: 'Ваш номер телефону не знайдено серед мешканців. Оператор допоможе вам.', en: 'Your phone number is not among the residents. An operator will help you.' },
  noOutage: { uk: 'За вашою адресою аварій і відключень не зареєстровано.', en: 'No outages are registered at your address.' },
} satisfies Record<string, Prompt>
