/**
 * SMPP addresses ↔ E.164 (pure). Ukrainian national forms (0XXXXXXXXX, 80XXXXXXXXX) become
 * +380XXXXXXXXX; an alphanumeric sender stays as it is; short codes stay digits.
 */

/** TON / NPI values of SMPP 3.4 5.2.5–5.2.6. */
export const TON_INTERNATIONAL = 1
export const TON_ALPHANUMERIC = 5
export const NPI_ISDN = 1

/** An address as the messaging core keys senders: E.164 with "+" when it is a phone number. */
export function toE164(addr: string, ton?: number): string {
  const trimmed = addr.trim()
  if (/[A-Za-z]/.test(trimmed)) return trimmed
  const digits = trimmed.replace(/\D/g, '')
  if (!digits) return trimmed
  if (ton === TON_INTERNATIONAL || trimmed.startsWith('+')) return `+${digits}`
  if (digits.length === 10 && digits.startsWith('0')) return `+38${digits}`
  if (digits.length === 11 && digits.startsWith('80')) return `+3${digits}`
  if (digits.length >= 11) return `+${digits}`
  return digits
}

/** submit_sm's destination fields for a recipient (E.164 or a national number). */
export function destination(to: string) {
  const e164 = toE164(to)
  if (!e164.startsWith('+')) throw new Error(`not a phone number: ${to.replace(/\d(?=\d{3})/g, '•')}`)
  return { dest_addr_ton: TON_INTERNATIONAL, dest_addr_npi: NPI_ISDN, destination_addr: e164.slice(1) }
}

/** submit_sm's source fields for the configured sender (a number, a short code or a name). */
export function source(sender: string) {
  if (/[A-Za-z]/.test(sender)) return { source_addr_ton: TON_ALPHANUMERIC, source_addr_npi: 0, source_addr: sender }
  const e164 = toE164(sender)
  if (e164.startsWith('+')) return { source_addr_ton: TON_INTERNATIONAL, source_addr_npi: NPI_ISDN, source_addr: e164.slice(1) }
  return { source_addr_ton: 0, source_addr_npi: NPI_ISDN, source_addr: e164 }
}
