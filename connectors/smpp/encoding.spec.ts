import { decodeGsm7, encodeGsm7, encodeSms, isGsm7, planSms } from './encoding.js'
import { idVariants, isReceipt, parseReceipt } from './receipt.js'
import { toE164 } from './address.js'

describe('smpp encoding', () => {
  const cases: Array<[string, string, number, number]> = [
    ['160 GSM characters: one part', 'a'.repeat(160), 0, 1],
    ['161 GSM characters: two parts of 153', 'a'.repeat(161), 0, 2],
    ['306 GSM characters: two parts', 'a'.repeat(306), 0, 2],
    ['307 GSM characters: three parts', 'a'.repeat(307), 0, 3],
    ['80 euro signs take 160 septets: one part', '€'.repeat(80), 0, 1],
    ['81 euro signs: two parts', '€'.repeat(81), 0, 2],
    ['70 Cyrillic: one UCS-2 part', 'ж'.repeat(70), 8, 1],
    ['71 Cyrillic: two parts of 67', 'ж'.repeat(71), 8, 2],
    ['250 Cyrillic: four parts', 'ж'.repeat(250), 8, Math.ceil(250 / 67)],
    ['one Ukrainian letter makes it UCS-2', 'Request 12 ї', 8, 1],
  ]
  for (const [what, text, coding, parts] of cases) {
    it(what, () => {
      const plan = planSms(text)
      expect([plan.dataCoding, plan.parts.length]).toEqual([coding, parts])
      expect(plan.parts.join('')).toBe(text)
    })
  }

  it('never splits an escape pair or a surrogate pair', () => {
    const plan = planSms('a'.repeat(152) + '€' + 'b'.repeat(10))
    expect(plan.parts[0]).toBe('a'.repeat(152))
    const emoji = planSms('ж'.repeat(66) + '😀' + 'ж'.repeat(10))
    expect(emoji.parts[0]).toBe('ж'.repeat(66))
  })

  it('writes the concatenation UDH in front of each part', () => {
    const parts = encodeSms('ж'.repeat(71), 0x2a)
    expect(parts.map((p) => [p.esmClass, p.dataCoding, p.shortMessage.subarray(0, 6).toString('hex')])).toEqual([
      [0x40, 8, '0500032a0201'],
      [0x40, 8, '0500032a0202'],
    ])
    expect(parts[0].shortMessage.length).toBe(6 + 67 * 2)
  })

  it('encodes GSM 03.38 with the extension table and decodes it back', () => {
    const text = '@Price: 5€ [x] {y} ~_'
    expect(isGsm7(text)).toBeTrue()
    expect(encodeGsm7('@€')).toEqual(Buffer.from([0x00, 0x1b, 0x65]))
    expect(decodeGsm7(encodeGsm7(text))).toBe(text)
  })
})

describe('smpp receipts and addresses', () => {
  it('parses the receipt text and prefers the TLVs', () => {
    const text = 'id:0123abc sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:Hi'
    expect(parseReceipt(text)).toEqual({ messageId: '0123abc', status: 'delivered', stat: 'DELIVRD', doneDate: '2501011201' })
    expect(parseReceipt(text, { receiptedMessageId: 'ff01', messageState: 5 })).toEqual(jasmine.objectContaining({ messageId: 'ff01', status: 'failed', stat: 'UNDELIV' }))
    expect(parseReceipt('id:9 stat:EXPIRED err:027')).toEqual(jasmine.objectContaining({ status: 'failed', error: 'EXPIRED err:027' }))
    expect(parseReceipt('id:9 stat:ENROUTE err:000')?.status).toBe('pending')
    expect(parseReceipt('no id here')).toBeUndefined()
    expect(isReceipt(0x04)).toBeTrue()
    expect(isReceipt(0x40)).toBeFalse()
    expect(idVariants('ff')).toEqual(['ff', '255'])
  })

  it('normalises senders to E.164', () => {
    expect(toE164('380501234567', 1)).toBe('+380501234567')
    expect(toE164('0501234567')).toBe('+380501234567')
    expect(toE164('80501234567')).toBe('+380501234567')
    expect(toE164('Kyivstar', 5)).toBe('Kyivstar')
    expect(toE164('1551')).toBe('1551')
  })
})
