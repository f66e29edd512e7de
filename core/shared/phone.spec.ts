import { parsePhone, toE164 } from './phone.js'

describe('the one phone rule', () => {
  it('reads Ukrainian numbers however people and PBXs write them', () => {
    for (const text of [
      '+380 67 111 22 33',
      '380671112233',
      '0671112233',
      '067 111 22 33',
      '(067) 111-22-33',
      '067/111-22-33',
      '067.111.22.33',
      '80671112233',
      '8 067 111 22 33',
      '8 (067) 111-22-33',
    ]) {
      expect(toE164(text)).withContext(text).toBe('+380671112233')
    }
    expect(parsePhone('80441234567')).toEqual({ e164: '+380441234567', display: '+380 44 123 4567' })
  })

  it('keeps foreign numbers and refuses what is not a number', () => {
    expect(toE164('+48 601 234 567')).toBe('+48601234567')
    for (const text of ['12', '101', 'anonymous', '067 111 22 33 доб. 5', '+380 00 000', '', '+380-abc']) expect(toE164(text)).withContext(text).toBeUndefined()
    expect(toE164(null)).toBeUndefined()
  })
})
