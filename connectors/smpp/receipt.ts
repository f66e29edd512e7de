/**
 * Delivery receipts (pure): a deliver_sm with the receipt bit in esm_class carries the SMPP 3.4
 * appendix B text "id:… sub:… dlvrd:… submit date:… done date:… stat:DELIVRD err:… text:…",
 * and often the receipted_message_id and message_state TLVs, which win when present.
 */

export interface Receipt {
  /** The message_id submit_sm_resp gave the part. */
  messageId: string
  /** delivered / failed; `pending` for intermediate states (ENROUTE, ACCEPTD). */
  status: 'delivered' | 'failed' | 'pending'
  /** The SMSC's final state word (DELIVRD, UNDELIV, EXPIRED…). */
  stat: string
  /** The network error code (`err:`), when not 000. */
  error?: string
  /** `done date:` as sent (YYMMDDhhmm[ss], the SMSC's clock). */
  doneDate?: string
}

/** message_state TLV values (SMPP 3.4 5.2.28) as the text's stat words. */
const STATES: Record<number, string> = { 1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD' }
const PENDING = new Set(['ENROUTE', 'ACCEPTD', 'SCHEDULED', 'BUFFERED'])

export const ESM_CLASS_RECEIPT = 0x04

/** Whether a deliver_sm's esm_class says it is a receipt (SMSC delivery receipt, type bits 0x04). */
export function isReceipt(esmClass: number): boolean {
  return (esmClass & 0x3c) === ESM_CLASS_RECEIPT
}

function field(text: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}:\\s*(\\S+)`, 'i').exec(text)?.[1]
}

/** The receipt in a deliver_sm's text and TLVs; undefined when it names no message. */
export function parseReceipt(text: string, tlv: { receiptedMessageId?: string; messageState?: number } = {}): Receipt | undefined {
  const messageId = tlv.receiptedMessageId?.trim() || field(text, 'id')
  if (!messageId) return undefined
  const stat = (tlv.messageState !== undefined ? STATES[tlv.messageState] : undefined) ?? field(text, 'stat')?.toUpperCase() ?? 'UNKNOWN'
  const err = field(text, 'err')
  const status = stat === 'DELIVRD' ? 'delivered' : PENDING.has(stat) ? 'pending' : 'failed'
  const receipt: Receipt = { messageId, status, stat }
  if (err && !/^0+$/.test(err)) receipt.error = `${stat} err:${err}`
  else if (status === 'failed') receipt.error = stat
  const done = /done date:\s*(\d{10,12})/i.exec(text)?.[1]
  if (done) receipt.doneDate = done
  return receipt
}

/**
 * The forms an id may take between submit_sm_resp and the receipt: some SMSCs answer the
 * submit in hex and report in decimal (or the other way round).
 */
export function idVariants(id: string): string[] {
  const out = [id]
  try {
    if (/^[0-9a-f]+$/i.test(id)) out.push(BigInt(`0x${id}`).toString(10))
    if (/^[0-9]+$/.test(id)) out.push(BigInt(id).toString(16), BigInt(id).toString(16).toUpperCase())
  } catch {
    // not a number: the id only
  }
  return [...new Set(out)]
}
