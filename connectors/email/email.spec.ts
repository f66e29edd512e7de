import { createServer } from 'node:net'
import { waitFor } from '#core/testing/connector_helpers'
import { recordingContext, type RecordingContext } from '#core/testing/connector_context'
import { EmailConnector } from './connector.js'
import type { EmailMessageIn } from './parse_inbound.js'
import type { EmailSendError } from './sender.js'
import { freePort, sendInto, SmtpPeer } from './testing/smtp_peer.js'

/** The e-mail type against a local SMTP server (out) and letters relayed into its listener (in), real SMTP both ways. */
const PASSWORD = 'smtp-spec-pa55-Jv2'
const TOKEN = 'relay-spec-t0ken-Hy8'

describe('email connector', () => {
  const peer = new SmtpPeer({ user: 'vikno', password: PASSWORD })
  let inboundPort: number
  let connector: EmailConnector
  let ctx: RecordingContext

  const config = (inbound: Record<string, unknown> = {}) => ({
    smtp: { host: '127.0.0.1', port: peer.port, secure: false, user: 'vikno', password: PASSWORD, from: 'Контакт-центр <cc@city.example>', replyTo: 'reply@city.example' },
    inbound: { enabled: true, host: '127.0.0.1', port: inboundPort, allowedRecipients: ['city.example', 'mayor@gov.example'], ...inbound },
    checkIntervalMs: 60_000,
    timeoutMs: 2000,
  })

  async function start(c: Record<string, unknown> = config(), handler?: () => Promise<void>) {
    connector = new EmailConnector()
    ctx = recordingContext(c, { key: 'city_mail', handler })
    await connector.start(ctx)
  }
  const delivered = () => ctx.delivered.map((e) => e.payload as EmailMessageIn)
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => fail('the listener took it'),
      (e: { responseCode?: number }) => e.responseCode
    )

  beforeAll(async () => {
    await peer.start()
    inboundPort = await freePort()
  })
  afterAll(() => peer.stop())
  afterEach(async () => {
    await connector.stop()
    peer.received = []
    peer.refuse.clear()
  })

  describe('sending', () => {
    beforeEach(() => start())

    it('reaches the SMTP server with its Message-ID, threading headers and a Cyrillic subject', async () => {
      expect(connector.health().status).toBe('up')
      const result = await connector.perform('send_message', {
        to: 'resident@mail.example',
        text: 'Бригаду направлено.',
        html: '<p>Бригаду <b>направлено</b>.</p>',
        subject: 'Re: Не працює ліфт [#ВШ-2026-000123]',
        idempotencyKey: 'msg-0001',
        inReplyTo: '<a1@mail.example>',
        references: ['<a0@mail.example>', '<a1@mail.example>'],
      })
      expect(result).toEqual({ externalId: '<msg-0001@vikno>', status: 'sent' })
      expect(peer.received.length).toBe(1)
      const [letter] = peer.received
      expect(letter.rcptTo).toEqual(['resident@mail.example'])
      expect(letter.mailFrom).toBe('cc@city.example')
      expect(letter.parsed.messageId).toBe('<msg-0001@vikno>')
      expect(letter.parsed.inReplyTo).toBe('<a1@mail.example>')
      expect(letter.parsed.references).toEqual(['<a0@mail.example>', '<a1@mail.example>'])
      expect(letter.parsed.subject).toBe('Re: Не працює ліфт [#ВШ-2026-000123]')
      expect(letter.parsed.from?.value[0]).toEqual(jasmine.objectContaining({ name: 'Контакт-центр', address: 'cc@city.example' }))
      expect(letter.parsed.replyTo?.value[0].address).toBe('reply@city.example')
      expect(letter.parsed.text?.trim()).toBe('Бригаду направлено.')
      expect(letter.parsed.html).toContain('<b>направлено</b>')
    })

    it('sends a key once: a repeat (even at the same time) answers the first result', async () => {
      const input = { to: 'resident@mail.example', text: 'Раз', idempotencyKey: 'msg-0002' }
      const [a, b] = await Promise.all([connector.perform('send_message', input), connector.perform('send_message', input)])
      const c = await connector.perform('send_message', { ...input, text: 'Два' })
      expect(b).toEqual(a)
      expect(c).toEqual(a)
      expect(peer.received.length).toBe(1)
      expect(ctx.logs.filter((l) => l.operation === 'send_message').map((l) => l.status)).toEqual(['ok', 'duplicate'])
    })

    it('uses the default subject, and a hashed Message-ID for a key that is not a plain token', async () => {
      const result = (await connector.perform('send_message', { to: 'resident@mail.example', text: 'x', idempotencyKey: 'a b<c>@d' })) as { externalId: string }
      expect(result.externalId).toMatch(/^<[0-9a-f]{40}@vikno>$/)
      expect(peer.received[0].parsed.subject).toBe('Відповідь контакт-центру')
      expect(peer.received[0].parsed.messageId).toBe(result.externalId)
    })

    it('fails clearly, without the password, when the server refuses the recipient, and does not remember the key', async () => {
      peer.refuse.add('nobody@mail.example')
      const input = { to: 'nobody@mail.example', text: 'x', idempotencyKey: 'msg-0003' }
      const error = (await connector.perform('send_message', input).catch((e) => e)) as EmailSendError
      expect(error.message).toContain(`SMTP 127.0.0.1:${peer.port}`)
      expect(error.message).toContain('550')
      expect(error.message).not.toContain(PASSWORD)
      expect(error.permanent).toBeTrue()
      peer.refuse.clear()
      expect(await connector.perform('send_message', input)).toEqual({ externalId: '<msg-0003@vikno>', status: 'sent' })
    })

    it('reports down with a clear detail when the login is refused; test() says so', async () => {
      await connector.stop()
      await start({ ...config(), smtp: { ...config().smtp, password: 'wrong-pa55word' } })
      expect(connector.health().status).toBe('down')
      expect(connector.health().detail).toContain('535')
      const test = await connector.test()
      expect(test.ok).toBeFalse()
      expect(test.detail).not.toContain('wrong-pa55word')
    })
  })

  describe('health', () => {
    it('is degraded while the listener cannot bind its port, and up once it can', async () => {
      const blocker = createServer()
      await new Promise<void>((resolve) => blocker.listen(inboundPort, '127.0.0.1', resolve))
      await start()
      expect(connector.health().status).toBe('degraded')
      expect(connector.health().detail).toContain('EADDRINUSE')
      await new Promise((resolve) => blocker.close(resolve))
      await waitFor(() => connector.health().status === 'up', 15_000)
      await sendInto(inboundPort, { from: 'a@mail.example', to: 'cc@city.example', text: 'x' })
      expect(ctx.delivered.length).toBe(1)
    })
  })

  describe('receiving', () => {
    it('delivers a letter with its sender, subject, references and attachment', async () => {
      await start()
      const photo = Buffer.from('fake-jpeg-bytes-\u0000\u0001')
      const id = await sendInto(inboundPort, {
        from: '"Олена Петренко" <Olena.Petrenko@Mail.Example>',
        to: 'CC@city.example',
        subject: 'Re: Не працює ліфт [#ВШ-2026-000123]',
        text: 'Досі не працює.',
        messageId: '<r2@mail.example>',
        inReplyTo: '<msg-0001@vikno>',
        references: ['<r1@mail.example>', '<msg-0001@vikno>'],
        attachments: [{ filename: 'ліфт.jpg', content: photo, contentType: 'image/jpeg' }],
      })
      expect(id).toBe('<r2@mail.example>')
      expect(ctx.delivered.length).toBe(1)
      expect(ctx.delivered[0].type).toBe('message_in')
      expect(ctx.delivered[0].idempotencyKey).toBe('<r2@mail.example>')
      const m = delivered()[0]
      expect(m).toEqual(
        jasmine.objectContaining({
          channel: 'email',
          kind: 'message',
          from: 'olena.petrenko@mail.example',
          name: 'Олена Петренко',
          subject: 'Re: Не працює ліфт [#ВШ-2026-000123]',
          externalId: '<r2@mail.example>',
        })
      )
      expect(m.text).toBe('Досі не працює.')
      expect(m.references).toEqual(['<msg-0001@vikno>', '<r1@mail.example>'])
      expect(m.attachments).toEqual([{ name: 'ліфт.jpg', mime: 'image/jpeg', size: photo.length, data: photo.toString('base64') }])
      expect(m.html).toBeUndefined()
    })

    it('sends an attachment over the limit as its name and size only', async () => {
      await start(config({ attachmentMaxBytes: 100 }))
      await sendInto(inboundPort, {
        from: 'a@mail.example',
        to: 'cc@city.example',
        text: 'скан',
        attachments: [{ filename: 'scan.pdf', content: Buffer.alloc(500, 1), contentType: 'application/pdf' }],
      })
      expect(delivered()[0].attachments).toEqual([{ name: 'scan.pdf', mime: 'application/pdf', size: 500, tooLarge: true }])
    })

    it('takes the text out of an HTML-only letter and keeps only safe HTML', async () => {
      await start()
      const html =
        '<html><head><style>p{color:red}</style></head><body><p onclick="steal()">Прорив <b>труби</b> на Шевченка, 5</p>' +
        '<script>alert("x")</script><a href="javascript:alert(1)">тут</a> <a href="https://map.example/5" onmouseover="x()">мапа</a>' +
        '<img src="https://tracker.example/p.gif"><iframe src="https://evil.example"></iframe></body></html>'
      await sendInto(inboundPort, { from: 'a@mail.example', to: 'mayor@gov.example', subject: 'Труба', html })
      const m = delivered()[0]
      expect(m.text).toContain('Прорив труби на Шевченка, 5')
      expect(m.text).not.toContain('alert')
      expect(m.text).not.toContain('color:red')
      const payload = JSON.stringify(m)
      for (const bad of ['<script', 'alert(', 'onclick', 'onmouseover', 'javascript:', '<iframe', 'tracker.example', '<style']) expect(payload).withContext(bad).not.toContain(bad)
      expect(m.html).toContain('<b>труби</b>')
      expect(m.html).toContain('href="https://map.example/5"')
    })

    it('refuses (550) a recipient outside the accepted ones and delivers nothing', async () => {
      await start()
      expect(await refusal(sendInto(inboundPort, { from: 'a@mail.example', to: 'someone@other.example', text: 'x' }))).toBe(550)
      expect(await refusal(sendInto(inboundPort, { from: 'a@mail.example', to: 'cc@sub.city.example', text: 'x' }))).toBe(550)
      expect(ctx.delivered.length).toBe(0)
      expect(ctx.logs.some((l) => l.operation === 'RCPT TO' && l.status === 'refused')).toBeTrue()
    })

    it('takes auto-replies and bounces but does not deliver them (no mail loops)', async () => {
      await start()
      await sendInto(inboundPort, { from: 'a@mail.example', to: 'cc@city.example', subject: 'Out of office', text: 'Я у відпустці', headers: { 'Auto-Submitted': 'auto-replied' } })
      await sendInto(inboundPort, { from: 'b@mail.example', to: 'cc@city.example', subject: 'News', text: 'x', headers: { Precedence: 'bulk' } })
      await sendInto(inboundPort, { from: 'mailer-daemon@mail.example', to: 'cc@city.example', subject: 'Undelivered', text: 'x' }, { envelope: { from: '', to: ['cc@city.example'] } })
      await sendInto(inboundPort, { from: 'c@mail.example', to: 'cc@city.example', subject: 'Людина', text: 'x', headers: { 'Auto-Submitted': 'no' } })
      expect(delivered().map((m) => m.from)).toEqual(['c@mail.example'])
      expect(ctx.logs.filter((l) => l.status === 'refused' && l.operation === 'message_in').length).toBe(3)
    })

    it('refuses a letter over maxBytes (552) and delivers nothing', async () => {
      await start(config({ maxBytes: 4096 }))
      expect(await refusal(sendInto(inboundPort, { from: 'a@mail.example', to: 'cc@city.example', text: 'я'.repeat(5000) }))).toBe(552)
      expect(ctx.delivered.length).toBe(0)
    })

    it('keys a letter without a Message-ID by a hash of its bytes', async () => {
      await start()
      const raw = 'From: a@mail.example\r\nTo: cc@city.example\r\nSubject: no id\r\n\r\nHello\r\n'
      const envelope = { from: 'a@mail.example', to: ['cc@city.example'] }
      await sendInto(inboundPort, { raw }, { envelope })
      await sendInto(inboundPort, { raw }, { envelope })
      expect(ctx.delivered.length).toBe(1)
      expect(ctx.repeats.length).toBe(1)
      expect(ctx.delivered[0].idempotencyKey).toMatch(/^<sha256-[0-9a-f]{64}@vikno\.invalid>$/)
    })

    it('with an authToken, refuses a relay that has not logged in with it', async () => {
      await start(config({ authToken: TOKEN }))
      const letter = { from: 'a@mail.example', to: 'cc@city.example', text: 'x' }
      expect(await refusal(sendInto(inboundPort, letter))).toBe(530)
      expect(await refusal(sendInto(inboundPort, letter, { authToken: 'not-the-token' }))).toBe(535)
      expect(ctx.delivered.length).toBe(0)
      await sendInto(inboundPort, letter, { authToken: TOKEN })
      expect(ctx.delivered.length).toBe(1)
    })

    it('answers 451 when the letter cannot be stored, so the relay tries again', async () => {
      let fails = 1
      await start(config(), async () => {
        if (fails-- > 0) throw new Error('database away')
      })
      const letter = { from: 'a@mail.example', to: 'cc@city.example', text: 'x', messageId: '<retry@mail.example>' }
      expect(await refusal(sendInto(inboundPort, letter))).toBe(451)
      await sendInto(inboundPort, letter)
      expect(ctx.logs.filter((l) => l.operation === 'message_in').map((l) => l.status)).toEqual(['error', 'ok'])
    })
  })
})
