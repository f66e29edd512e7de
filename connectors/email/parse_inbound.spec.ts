import { recipientAllowed } from './config.js'
import { htmlToText } from './html.js'
import { messageIds, parseInbound } from './parse_inbound.js'

/** The pure pieces of receiving: which recipients are accepted, which letters are machine-written, text out of HTML. */
describe('email inbound pieces', () => {
  const allowed = ['city.gov.ua', 'mayor@gov.example']
  const cases: Array<[string, boolean]> = [
    ['cc@city.gov.ua', true],
    ['CC@City.Gov.UA', true],
    ['cc@sub.city.gov.ua', false],
    ['cc@evilcity.gov.ua', false],
    ['mayor@gov.example', true],
    ['deputy@gov.example', false],
    ['city.gov.ua', false],
  ]
  for (const [address, ok] of cases) it(`${ok ? 'accepts' : 'refuses'} ${address}`, () => expect(recipientAllowed(allowed, address)).toBe(ok))

  const letter = (headers: string) => Buffer.from(`From: a@mail.example\r\nTo: cc@city.gov.ua\r\nMessage-ID: <m@x>\r\n${headers}Subject: s\r\n\r\nbody\r\n`)
  const auto: Array<[string, string | false, string | undefined]> = [
    ['Auto-Submitted: auto-replied\r\n', 'a@mail.example', 'Auto-Submitted: auto-replied'],
    ['Auto-Submitted: auto-generated\r\n', 'a@mail.example', 'Auto-Submitted: auto-generated'],
    ['Auto-Submitted: no\r\n', 'a@mail.example', undefined],
    ['Precedence: bulk\r\n', 'a@mail.example', 'Precedence: bulk'],
    ['Precedence: auto_reply\r\n', 'a@mail.example', 'Precedence: auto_reply'],
    ['Precedence: list\r\n', 'a@mail.example', undefined],
    ['X-Autoreply: yes\r\n', 'a@mail.example', 'X-Autoreply'],
    ['', '', 'bounce (empty envelope sender)'],
    ['', 'a@mail.example', undefined],
  ]
  for (const [headers, envelope, reason] of auto) {
    it(`${reason ? 'skips' : 'delivers'} ${JSON.stringify(headers || `envelope ${envelope}`)}`, async () => {
      const result = await parseInbound(letter(headers), envelope, 1000)
      expect('skip' in result ? result.skip : undefined).toBe(reason)
    })
  }

  it('reads Message-IDs from In-Reply-To and References values', () => {
    expect(messageIds('<a@x> <b@y>')).toEqual(['<a@x>', '<b@y>'])
    expect(messageIds(['<a@x>', 'junk <c@z>'])).toEqual(['<a@x>', '<c@z>'])
    expect(messageIds(undefined)).toEqual([])
  })

  it('takes text out of HTML: entities decoded, blocks on their lines, no script or style text', () => {
    const html = '<style>b{}</style><div>Вул. Шевченка &amp; Франка</div><p>3 &lt; 5</p><ul><li>один</li><li>два</li></ul><script>var x</script>кінець<br>рядок'
    expect(htmlToText(html)).toBe('Вул. Шевченка & Франка\n3 < 5\nодин\nдва\nкінець\nрядок')
  })
})
