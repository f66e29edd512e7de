import { createServer, connect, type AddressInfo, type Socket } from 'node:net'
import { AgiChannel, parseReply, quote } from './agi.js'

/** The AGI wire format as Asterisk writes it: replies, quoting, the header block, usage blocks, HANGUP. */
describe('AGI protocol', () => {
  it('parses replies', () => {
    expect(parseReply('200 result=0')).toEqual(jasmine.objectContaining({ code: 200, result: 0, value: '0' }))
    expect(parseReply('200 result=2026000123 (timeout)')).toEqual(jasmine.objectContaining({ code: 200, value: '2026000123', data: 'timeout' }))
    expect(parseReply('200 result= (timeout)')).toEqual(jasmine.objectContaining({ code: 200, value: '', data: 'timeout' }))
    expect(parseReply('200 result=50 endpos=12000').result).toBe(50) // '2' pressed during STREAM FILE
    expect(parseReply('200 result=-1').result).toBe(-1)
    expect(parseReply('510 Invalid or unknown command').code).toBe(510)
    expect(parseReply('garbage').code).toBe(0)
  })

  it('quotes arguments on one line', () => {
    expect(quote('Звернення "12": в роботі\nкінець \\')).toBe('"Звернення \\"12\\": в роботі кінець \\\\"')
  })

  it('reads the header block, skips usage blocks and notes HANGUP', async () => {
    const server = createServer()
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const accepted = new Promise<Socket>((r) => server.once('connection', r))
    const peer = connect((server.address() as AddressInfo).port, '127.0.0.1')
    const agi = new AgiChannel(await accepted)
    const commands: string[] = []
    peer.setEncoding('utf8')
    peer.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        commands.push(line)
        if (line.startsWith('SAY NOTHING')) peer.write('520-Invalid command syntax.  Proper usage follows:\r\nUsage: SAY NUMBER <number> <escape digits>\r\n520 End of proper usage.\r\n')
        else peer.write('HANGUP\n200 result=-1\n')
      }
    })
    peer.write('agi_network: yes\r\nagi_network_script: city_line\r\nagi_callerid: 0671234567\r\n\r\n')
    expect(await agi.headers()).toEqual({ agi_network: 'yes', agi_network_script: 'city_line', agi_callerid: '0671234567' })
    expect((await agi.command('SAY NOTHING'))?.code).toBe(520)
    const r = await agi.command('GET DATA silence/1 5000 1')
    expect(r?.result).toBe(-1)
    expect(agi.hungUp).toBeTrue()
    expect(commands).toEqual(['SAY NOTHING', 'GET DATA silence/1 5000 1'])
    peer.destroy()
    await new Promise((r) => setTimeout(r, 20))
    expect(await agi.command('HANGUP')).toBeNull()
    await new Promise<void>((r) => server.close(() => r()))
  })
})
