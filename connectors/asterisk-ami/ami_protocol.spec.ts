import { AmiFramer, bannerVersion, parseMessage, serialize, type AmiMessage } from './ami_protocol.js'
import { backoffMs, recordingRef } from './config.js'
import { resourceOf } from './call_tracker.js'

describe('asterisk-ami: the wire format', () => {
  it('reads the banner, then messages split anywhere across chunks', () => {
    const got: AmiMessage[] = []
    let banner = ''
    const framer = new AmiFramer(
      (m) => got.push(m),
      (l) => (banner = l)
    )
    const wire =
      'Asterisk Call Manager/9.0.0\r\nResponse: Success\r\nActionID: v-1\r\nMessage: Authentication accepted\r\n\r\nEvent: FullyBooted\r\nStatus: Fully Booted\r\n\r\nEvent: Hangup\r\nCause-txt: Normal Clearing\r\n'
    for (let i = 0; i < wire.length; i += 7) framer.push(wire.slice(i, i + 7))
    expect(banner).toBe('Asterisk Call Manager/9.0.0')
    expect(bannerVersion(banner)).toBe('9.0.0')
    expect(bannerVersion('SSH-2.0-OpenSSH_9.6')).toBeUndefined()
    expect(got).toEqual([
      { Response: 'Success', ActionID: 'v-1', Message: 'Authentication accepted' },
      { Event: 'FullyBooted', Status: 'Fully Booted' },
    ])
    framer.push('\r\n')
    expect(got[2]).toEqual({ Event: 'Hangup', 'Cause-txt': 'Normal Clearing' })
  })

  it('keeps empty values, values with colons, repeated keys and bare lines', () => {
    const m = parseMessage('Event: VarSet\r\nAccountCode: \r\nValue: http://x/a:b\r\nVariable: a=1\r\nVariable: b=2\r\n--END COMMAND--')
    expect(m).toEqual({ Event: 'VarSet', AccountCode: '', Value: 'http://x/a:b', Variable: 'a=1\nb=2', _lines: '--END COMMAND--' })
  })

  it('tolerates LF-only framing', () => {
    const got: AmiMessage[] = []
    new AmiFramer((m) => got.push(m), undefined, { banner: false }).push('Event: A\n\nEvent: B\n\n')
    expect(got.map((m) => m.Event)).toEqual(['A', 'B'])
  })

  it('refuses a message longer than the limit', () => {
    const framer = new AmiFramer(() => {}, undefined, { banner: false, maxBytes: 100 })
    expect(() => framer.push('Event: X\r\nData: ' + 'x'.repeat(200))).toThrowError(/longer than 100/)
  })

  it('serialises actions, repeating array keys and never letting a value break the frame', () => {
    expect(serialize({ Action: 'Originate', ActionID: 'v-2', Variable: ['A=1', 'B=2'], Skip: undefined })).toBe('Action: Originate\r\nActionID: v-2\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n')
    expect(serialize({ Action: 'Ping', Exten: '101\r\n\r\nAction: Logoff' })).toBe('Action: Ping\r\nExten: 101 Action: Logoff\r\n\r\n')
  })

  it('finds an extension in channels and interfaces', () => {
    expect(resourceOf('PJSIP/101-0000002a')).toBe('101')
    expect(resourceOf('PJSIP/101')).toBe('101')
    expect(resourceOf('SIP/102-00000001')).toBe('102')
    expect(resourceOf('Local/103@agents-00000004;1')).toBe('103')
    expect(resourceOf('garbage')).toBeUndefined()
  })

  it('builds recording references and a bounded backoff', () => {
    expect(recordingRef('https://pbx.example/rec/{name}', '/var/spool/asterisk/monitor/2026/in-1.wav')).toBe('https://pbx.example/rec/in-1.wav')
    expect(recordingRef('{file}', '/a/b.wav')).toBe('/a/b.wav')
    expect(recordingRef('{monitor}', '/var/spool/asterisk/monitor/2026/12/in-1.wav')).toBe('2026/12/in-1.wav')
    expect(recordingRef('{monitor}', 'in-2.wav')).toBe('in-2.wav')
    expect(backoffMs(0, 100, 1000, () => 0.5)).toBe(100)
    expect(backoffMs(3, 100, 1000, () => 0.5)).toBe(800)
    expect(backoffMs(10, 100, 1000, () => 0.5)).toBe(1000)
    expect(backoffMs(10, 100, 1000, () => 1)).toBe(1200)
  })
})
