import { createHash } from 'node:crypto'
import { mapCallEvent, parseBody, parseForm, pick, MappingError } from './mapping.js'
import { verify } from './verify.js'

describe('pbx-webhook mapping', () => {
  const body = { a: { b: [{ c: 'x' }, { c: '' }] }, n: 0, empty: '', obj: { k: 1 } }

  it('picks paths, array indexes, alternatives and constants', () => {
    const cases: Array<[string, string | undefined]> = [
      ['a.b[0].c', 'x'],
      ['a.b[1].c', undefined],
      ['a.b[1].c|a.b[0].c', 'x'],
      ['n', '0'],
      ['empty|=fallback', 'fallback'],
      ['obj', undefined],
      ['missing.deep[3]', undefined],
      ['=inbound', 'inbound'],
    ]
    expect(cases.map(([p]) => [p, pick(body, p)])).toEqual(cases)
  })

  it('reads nested form keys and never writes through __proto__', () => {
    const form = parseForm('callDetails[externalNumber]=0671112233&callDetails[agents][0]=101&__proto__[polluted]=1&x=%D0%BF')
    expect(pick(form, 'callDetails.externalNumber')).toBe('0671112233')
    expect(pick(form, 'callDetails[externalNumber]')).toBe('0671112233')
    expect(pick(form, 'callDetails.agents[0]')).toBe('101')
    expect(pick(form, 'x')).toBe('п')
    expect(({} as any).polluted).toBeUndefined()
  })

  it('parses by content type, and refuses what it cannot read', () => {
    expect(parseBody(Buffer.from('{"a":1}'), 'application/json; charset=utf-8')).toEqual({ a: 1 })
    expect(parseBody(Buffer.from(' {"a":1}'), undefined)).toEqual({ a: 1 })
    expect(() => parseBody(Buffer.from('[1]'), 'application/json')).toThrowError(MappingError, 'the body must be a JSON object')
    expect(() => parseBody(Buffer.from('<xml/>'), 'text/xml')).toThrowError(MappingError, 'unsupported content type text/xml')
  })

  it('converts times: unix seconds and milliseconds, ISO with an offset, local Kyiv time', () => {
    const m = { event: '=x', eventMap: { x: 'ringing' as const }, callId: '=1', caller: '=2', at: 't' }
    const at = (t: string) => mapCallEvent({ t }, m)!.at
    expect(at('1764756000')).toBe('2025-12-03T10:00:00.000Z')
    expect(at('1764756000000')).toBe('2025-12-03T10:00:00.000Z')
    expect(at('2026-07-01T12:00:00+03:00')).toBe('2026-07-01T09:00:00.000Z')
    expect(at('2026-07-01 12:00:00')).toBe('2026-07-01T09:00:00.000Z')
    expect(at('yesterday')).toBeUndefined()
  })

  it('refuses an event map naming an unknown event', () => {
    expect(() => mapCallEvent({}, { event: '=x', eventMap: { x: 'hold' as any }, callId: '=1', caller: '=2' })).toThrowError(MappingError, /unknown event "hold"/)
  })

  it('checks HTTP Basic credentials in constant time', () => {
    const auth = { mode: 'basic' as const, username: 'pbx', password: 'pa:ss' }
    const req = (value?: string) => ({ method: 'POST', headers: { authorization: value }, query: {}, rawBody: Buffer.from('') })
    const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`
    expect(verify(req(basic('pbx:pa:ss')), auth)).toBeTrue()
    expect(verify(req(basic('pbx:pa:sS')), auth)).toBeFalse()
    expect(verify(req(), auth)).toBeFalse()
    expect(verify(req(createHash('sha256').update('x').digest('hex')), auth)).toBeFalse()
  })
})
