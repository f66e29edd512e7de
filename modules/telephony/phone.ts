import { parsePhoneNumberFromString } from 'libphonenumber-js'

/**
 * The number in E.164 (region UA), or undefined when it is not a valid phone number: the
 * same rule as the `phone` field type (normalisePhone in core/schema/field_types), without
 * an exception for what a PBX sends that is not a phone number (extensions, service codes,
 * "anonymous"), which the intake meets on every call.
 */
export function toE164(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  const text = String(value).trim()
  if (!text) return undefined
  const phone = parsePhoneNumberFromString(text, 'UA')
  return phone && phone.isValid() ? phone.number : undefined
}
