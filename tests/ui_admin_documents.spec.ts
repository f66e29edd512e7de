import { testApp } from '#core/testing/app'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, type Credentials } from '#core/testing/browser'
import { engine } from '#core/engine/engine'
import { userClient } from '#core/testing/client'
import type { CallQueueDoc } from '../modules/telephony/call_queue_kind.js'

/**
 * The builder's "Other documents" page: an administrator edits a call queue (a kind without a
 * designer) as JSON — a syntax error is shown and nothing is saved; a wrong category is
 * answered by the server at its pointer; the fixed document is saved and published, and the
 * engine has it at once.
 */
describe('Other documents page in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  let admin: Credentials

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    admin = await makeUser(['admin'], {}, 'Адміністратор Документів')
    await browser.start()
  }, 360_000)

  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(() => browser.close())

  it('edits a call queue as JSON: syntax and server problems shown, saved and published', async () => {
    const page = await browser.signIn(admin)
    await page.goto(`${url}/app/admin/documents/call_queue/heating`)
    await page.getByRole('heading', { name: 'Інші документи', level: 1 }).waitFor()
    const box = page.getByLabel('Документ (JSON)')
    await until(async () => (await box.inputValue()).includes('"heating"'))
    const doc = JSON.parse(await box.inputValue())

    await box.fill('{ "kind": "call_queue", ')
    await page.getByText(/^Це не JSON:/).waitFor()
    expect(await page.getByRole('button', { name: 'Зберегти в чернетку' }).isDisabled()).toBeTrue()

    await box.fill(JSON.stringify({ ...doc, categories: ['heating', 'dragons'] }, null, 2))
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page.getByText('no request type has category "dragons"').waitFor()

    await box.fill(JSON.stringify({ ...doc, autodialCallbacks: true }, null, 2))
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await until(async () => (await page.getByRole('alert').filter({ hasText: 'dragons' }).count()) === 0)
    await page.screenshot({ path: `${SHOTS}/admin-documents-call-queue.png`, fullPage: true })
    expect(await seriousA11yViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Опублікувати чернетку' }).click()
    await page.getByText(/Опубліковано/).waitFor()
    expect(engine.set.get<CallQueueDoc>('call_queue', 'heating')?.autodialCallbacks).toBeTrue()
    // back as shipped, for the other specs of this database
    const api = await userClient(url, ['admin'])
    const draft = (await api.post('/api/v1/meta/drafts', {})).body
    await api.put(`/api/v1/meta/drafts/${draft.id}/documents/call_queue/heating`, { document: doc, version: draft.version })
    expect((await api.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})).status).toBe(200)
  })
})
