import { randomInt } from 'node:crypto'
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { testApp } from '#core/testing/app'
import { userClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, type Credentials } from '#core/testing/browser'

/**
 * A minimal Asterisk Manager Interface peer: the banner, `Key: value` lines framed by a blank
 * line, Login (accepted for one username/secret, else `Response: Error`), Ping, Logoff, every
 * answer carrying the action's ActionID. Enough for "Test connection" and a session's health.
 * (After the merge the asterisk-ami connector's own emulator may replace it.)
 */
class AmiPeer {
  server!: Server
  port = 0
  readonly logins: Array<{ username: string; secret: string; ok: boolean }> = []
  private sockets = new Set<Socket>()
  constructor(
    readonly username: string,
    readonly secret: string
  ) {}

  async start() {
    this.server = createServer((socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
      socket.on('error', () => {})
      socket.write('Asterisk Call Manager/5.0.1\r\n')
      let buffer = ''
      socket.on('data', (chunk) => {
        buffer += chunk.toString('utf8')
        let end: number
        while ((end = buffer.indexOf('\r\n\r\n')) >= 0) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 4)
          const msg: Record<string, string> = {}
          for (const line of frame.split('\r\n')) {
            const i = line.indexOf(':')
            if (i > 0) msg[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
          }
          this.answer(socket, msg)
        }
      })
    })
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  private answer(socket: Socket, msg: Record<string, string>) {
    const id = msg.actionid ? `ActionID: ${msg.actionid}\r\n` : ''
    switch ((msg.action ?? '').toLowerCase()) {
      case 'login': {
        const ok = msg.username === this.username && msg.secret === this.secret
        this.logins.push({ username: msg.username ?? '', secret: msg.secret ?? '', ok })
        socket.write(ok ? `Response: Success\r\n${id}Message: Authentication accepted\r\n\r\n` : `Response: Error\r\n${id}Message: Authentication failed\r\n\r\n`)
        if (ok) socket.write('Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n')
        if (!ok) socket.end()
        return
      }
      case 'ping':
        socket.write(`Response: Success\r\n${id}Ping: Pong\r\nTimestamp: ${(Date.now() / 1000).toFixed(6)}\r\n\r\n`)
        return
      case 'logoff':
        socket.end(`Response: Goodbye\r\n${id}Message: Thanks for all the fish.\r\n\r\n`)
        return
      default:
        socket.write(`Response: Error\r\n${id}Message: Invalid/unknown command\r\n\r\n`)
    }
  }

  async stop() {
    for (const s of this.sockets) s.destroy()
    await new Promise((r) => this.server.close(r))
  }
}

/**
 * The Connectors screen with the real connector host (issue 12): the administrator adds an
 * asterisk-ami instance pointing at a local AMI peer, tests it (green), publishes it, and sees
 * it up; the stored secret is encrypted. Needs the host, the `connector` kind and the
 * asterisk-ami type of the other branches: written before their merge, finished by the lead
 * (the config members are reached by rjsf's ids, `#root_<member>`: adjust to the manifest).
 */
describe('Connectors screen in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = `ct${Date.now().toString(36)}${randomInt(100)}`
  const key = `pbx_${tag}`
  const peer = new AmiPeer('vikno', `s3cret-${tag}`)
  let admin: Credentials

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    await peer.start()
    admin = await makeUser(['admin'], {}, 'Адміністратор Конекторів')
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(async () => {
    await browser.close()
    await peer.stop()
  })

  it('adds an Asterisk AMI connector, tests it green against the peer, publishes it and sees it up', async () => {
    const page = await browser.signIn(admin)
    await page.goto(`${url}/app/admin/connectors`)
    await page.getByRole('heading', { name: 'Конектори', level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Додати конектор' }).click()
    await page.getByRole('link', { name: /^Обрати: .*Asterisk/ }).click()
    await page.getByRole('heading', { name: /^Новий конектор: .*Asterisk/ }).waitFor()

    await page.getByLabel('Ключ').fill(key)
    await page.getByLabel('Назва (укр.)').fill(`Міська АТС ${tag}`)
    await page.locator('#root_host').fill('127.0.0.1')
    await page.locator('#root_port').fill(String(peer.port))
    await page.locator('#root_username').fill(peer.username)
    await page.locator('#root_secret').fill(peer.secret)

    await page.getByRole('button', { name: 'Перевірити зʼєднання' }).click()
    const result = page.locator('.connector-test')
    await result.waitFor()
    expect(await result.getAttribute('data-ok'))
      .withContext(await result.innerText())
      .toBe('true')
    expect(peer.logins.some((l) => l.ok)).toBe(true)
    await page.screenshot({ path: `${SHOTS}connectors_new_tested.png`, fullPage: true })
    expect(await seriousA11yViolations(page, '.connectors')).toEqual([])

    await page.getByRole('button', { name: 'Зберегти й опублікувати' }).click()
    await page.waitForURL(`**/app/admin/connectors/${key}`)
    const badge = page.locator('.connector-head .health')
    await until(async () => (await badge.getAttribute('data-status').catch(() => null)) === 'up', 20_000)
    await page.screenshot({ path: `${SHOTS}connectors_instance_up.png`, fullPage: true })

    // the secret went in clear once and is stored encrypted: never sent back
    const api = await userClient(url, ['admin'])
    const doc = await api.get(`/api/v1/meta/documents/connector/${key}`)
    expect(doc.status).withContext(doc.text).toBe(200)
    expect(doc.text).not.toContain(peer.secret)

    // the list shows it live; disabling asks, publishes, and the host stops it
    await page.goto(`${url}/app/admin/connectors`)
    const row = page.locator(`tr[data-connector="${key}"]`)
    await row.locator('.health[data-status="up"]').waitFor()
    page.once('dialog', (d) => void d.accept())
    await row.getByRole('button', { name: /^Вимкнути/ }).click()
    await row.locator('.health[data-status="stopped"]').waitFor({ timeout: 20_000 })
    await page.screenshot({ path: `${SHOTS}connectors_list.png`, fullPage: true })
  }, 180_000)
})
