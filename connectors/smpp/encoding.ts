/**
 * How a text becomes SMS parts (pure, no I/O). Text that fits the GSM 03.38 7-bit alphabet
 * goes as data_coding 0 (one octet per septet, unpacked, as SMPP carries it): 160 septets in a
 * single SMS, else parts of 153. Anything else (Cyrillic) goes as UCS-2, data_coding 8: 70
 * characters single, else parts of 67. Parts of a long text carry a concatenation UDH
 * (05 00 03 ref total seq; esm_class 0x40) in front of their short_message.
 */

/** GSM 03.38 basic table: a character's index is its septet. */
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
/** The extension table: escape 0x1B, then this septet. */
const GSM_EXTENSION: Record<string, number> = { '\f': 0x0a, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2f, '[': 0x3c, '~': 0x3d, ']': 0x3e, '|': 0x40, '€': 0x65 }
const BASIC = new Map([...GSM_BASIC].map((c, i) => [c, i]))
const EXTENSION_BY_SEPTET = new Map(Object.entries(GSM_EXTENSION).map(([c, s]) => [s, c]))

export const DATA_CODING_GSM = 0
export const DATA_CODING_UCS2 = 8
export const ESM_CLASS_UDHI = 0x40

export interface SmsPlan {
  dataCoding: typeof DATA_CODING_GSM | typeof DATA_CODING_UCS2
  /** The text of each part, in order. */
  parts: string[]
}

/** Septets a character takes in GSM 7-bit (2 for the extension table), or 0 when it has none. */
function septets(char: string): number {
  if (BASIC.has(char) && char !== '\x1b') return 1
  return char in GSM_EXTENSION ? 2 : 0
}

export function isGsm7(text: string): boolean {
  return [...text].every((c) => septets(c) > 0)
}

/** Splits `units` (characters with their sizes) into chunks of at most `max`, never inside a unit. */
function chunk(units: Array<[string, number]>, max: number): string[] {
  const out: string[] = []
  let current = ''
  let size = 0
  for (const [unit, n] of units) {
    if (size + n > max) {
      out.push(current)
      current = ''
      size = 0
    }
    current += unit
    size += n
  }
  if (current || !out.length) out.push(current)
  return out
}

/** The encoding and the parts of `text` (an escape pair or a surrogate pair never splits). */
export function planSms(text: string): SmsPlan {
  if (isGsm7(text)) {
    const units = [...text].map((c): [string, number] => [c, septets(c)])
    const total = units.reduce((n, [, s]) => n + s, 0)
    return { dataCoding: DATA_CODING_GSM, parts: chunk(units, total <= 160 ? 160 : 153) }
  }
  // UCS-2 counts UTF-16 code units: a character outside the BMP takes two
  const units = [...text].map((c): [string, number] => [c, c.length])
  const total = text.length
  return { dataCoding: DATA_CODING_UCS2, parts: chunk(units, total <= 70 ? 70 : 67) }
}

export function encodeGsm7(text: string): Buffer {
  const out: number[] = []
  for (const c of text) {
    const basic = BASIC.get(c)
    if (basic !== undefined && c !== '\x1b') out.push(basic)
    else if (c in GSM_EXTENSION) out.push(0x1b, GSM_EXTENSION[c])
    else throw new Error(`not in GSM 03.38: U+${c.codePointAt(0)!.toString(16)}`)
  }
  return Buffer.from(out)
}

export function decodeGsm7(bytes: Buffer): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] & 0x7f
    if (b === 0x1b && i + 1 < bytes.length) out += EXTENSION_BY_SEPTET.get(bytes[++i] & 0x7f) ?? ' '
    else out += GSM_BASIC[b]
  }
  return out
}

export function encodeUcs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16()
}

export function decodeUcs2(bytes: Buffer): string {
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2))
  return Buffer.from(even).swap16().toString('utf16le')
}

/** A short_message's text by its data_coding (0 GSM, 3 Latin-1, 8 UCS-2; else ASCII/Latin-1). */
export function decodeText(bytes: Buffer, dataCoding: number): string {
  const scheme = dataCoding & 0x0f
  if (scheme === DATA_CODING_UCS2 || (dataCoding & 0xec) === 0x08) return decodeUcs2(bytes)
  if (scheme === DATA_CODING_GSM) return decodeGsm7(bytes)
  return bytes.toString('latin1')
}

export interface SubmitPart {
  shortMessage: Buffer
  dataCoding: number
  esmClass: number
}

/** The concatenation UDH: IE 00 (8-bit reference), length 3, then ref, total, seq (1-based). */
export function concatUdh(ref: number, total: number, seq: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, ref & 0xff, total, seq])
}

/** The submit_sm bodies of `text`; `ref` numbers this message's parts (used when it has several). */
export function encodeSms(text: string, ref: number): SubmitPart[] {
  const plan = planSms(text)
  const encode = plan.dataCoding === DATA_CODING_GSM ? encodeGsm7 : encodeUcs2
  if (plan.parts.length > 255) throw new Error('the text is too long for one SMS (more than 255 parts)')
  if (plan.parts.length === 1) return [{ shortMessage: encode(plan.parts[0]), dataCoding: plan.dataCoding, esmClass: 0 }]
  return plan.parts.map((part, i) => ({
    shortMessage: Buffer.concat([concatUdh(ref, plan.parts.length, i + 1), encode(part)]),
    dataCoding: plan.dataCoding,
    esmClass: ESM_CLASS_UDHI,
  }))
}

/** The concatenation of a UDH (the library's list of IEs, or the raw header): 8- or 16-bit reference. */
export function concatInfo(ies: Buffer[]): { ref: number; total: number; seq: number } | undefined {
  for (const ie of ies) {
    if (ie[0] === 0x00 && ie[1] === 3) return { ref: ie[2], total: ie[3], seq: ie[4] }
    if (ie[0] === 0x08 && ie[1] === 4) return { ref: ie.readUInt16BE(2), total: ie[4], seq: ie[5] }
  }
  return undefined
}
