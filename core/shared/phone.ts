/**
 * The one phone rule, for contact forms (the `phone` field type and its widget), the call
 * card, the PBX intake and imports, on the server and in the browser: a number as people and
 * PBXs write it → E.164, read in Ukraine unless it has a country code.
 *
 * Accepted: `+380 67 111 22 33`, `380671112233`, `067 111 22 33`, `(067) 111-22-33`,
 * `067/111-22-33`, `067.111.22.33`, and the old long-distance prefix `8 067 111 22 33` /
 * `80671112233` that PBXs and people still use. Anything with letters is not a number.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min'

/** What the UI and error messages show as the expected format. */
export const PHONE_FORMAT = { uk: '+380 67 123 4567 або 067 123 45 67', en: '+380 67 123 4567 or 067 123 45 67' }

const SEPARATORS = /[\s()\-./\u00a0]/g

/**
 * The number in E.164, or undefined when it is not a valid phone number.
 * @example toE164('80671112233') // '+380671112233'
 * @example toE164('067/111-22-33') // '+380671112233'
 */
export function toE164(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  let text = String(value).trim().replace(SEPARATORS, '')
  if (!/^\+?\d{5,15}$/.test(text)) return undefined
  // 8 0XX XXX XX XX: the Soviet-era trunk prefix before a Ukrainian national number
  if (/^80\d{9}$/.test(text)) text = `+3${text}`
  const phone = parsePhoneNumberFromString(text, 'UA')
  return phone && phone.isValid() ? phone.number : undefined
}

/** A phone number as typed: E.164 and the display form (`+380 67 123 4567`); undefined when not a number. */
export function parsePhone(text: string): { e164: string; display: string } | undefined {
  const e164 = toE164(text)
  if (!e164) return undefined
  return { e164, display: parsePhoneNumberFromString(e164)!.formatInternational() }
}
