import smpp from 'smpp'

/** SMPP command_status values (SMPP 3.4 5.1.3) this connector acts on. */
export const ESME_RSYSERR = 0x08
export const ESME_RINVDSTADR = 0x0b
export const ESME_RMSGQFUL = 0x14
export const ESME_RTHROTTLED = 0x58
export const ESME_RBINDFAIL = 0x0d
export const ESME_RX_T_APPN = 0x64

/** Answers after which the same submit may succeed on another gateway (or later on this one). */
const TRANSIENT = new Set([ESME_RSYSERR, ESME_RMSGQFUL, ESME_RTHROTTLED])

const NAMES = new Map(Object.entries(smpp.errors).map(([name, code]) => [code, name]))
const MEANINGS: Record<number, string> = {
  0x08: 'system error',
  0x0a: 'invalid source address (sender id not allowed)',
  0x0b: 'invalid destination address',
  0x0d: 'bind failed',
  0x0e: 'invalid password',
  0x0f: 'invalid system_id',
  0x14: 'message queue full',
  0x45: 'submit failed',
  0x58: 'throttled',
  0x104: 'invalid data coding',
}

/** `ESME_RTHROTTLED (0x58) throttled`. */
export function statusName(status: number): string {
  const name = `${NAMES.get(status) ?? 'error'} (0x${status.toString(16).toUpperCase().padStart(2, '0')})`
  return MEANINGS[status] ? `${name} ${MEANINGS[status]}` : name
}

/**
 * A submit that failed: `retryable` when another gateway (or a later try) may take it — a
 * throttle, a system error, a full queue, a dropped bind — else the SMSC refused the message itself.
 */
export class SubmitError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number
  ) {
    super(message)
    this.name = 'SubmitError'
  }

  static fromStatus(gateway: string, status: number): SubmitError {
    return new SubmitError(`${gateway}: the SMSC refused the message: ${statusName(status)}`, TRANSIENT.has(status), status)
  }
}
