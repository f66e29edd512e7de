import { testApp } from '#core/testing/app'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations } from '#core/testing/browser'

/** The user's profile: who they are, the password change with errors at fields, personal API keys. */
describe('the profile page', () => {
  let url: string
  const browser = new BrowserSession(() => url)

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    await browser.start()
  }, 360_000)
  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(() => browser.close())

  it('changes the password (refusing a wrong current one and a short new one) and manages API keys', async () => {
    const who = await makeUser(['operator'], {}, 'Марія Профільна')
    const page = await browser.signIn(who)
    const other = await browser.signIn(who) // a second session of the same user
    await page.getByRole('link', { name: 'Марія Профільна' }).click()
    await page.getByRole('heading', { name: 'Мій профіль' }).waitFor()
    expect(await page.locator('.profile-facts').innerText()).toContain('Оператор')

    await page.getByLabel('Поточний пароль').fill('wrong-password')
    await page.getByLabel(/Новий пароль/).fill('a-long-enough-password')
    await page.getByRole('button', { name: 'Змінити пароль' }).click()
    await page.locator('#current-error').waitFor()
    await page.getByLabel('Поточний пароль').fill(who.password)
    await page.getByLabel(/Новий пароль/).fill('short')
    await page.getByRole('button', { name: 'Змінити пароль' }).click()
    await page.locator('#new-error').waitFor()
    expect(await page.locator('#current-error').count()).toBe(0)
    await page.getByLabel(/Новий пароль/).fill('a-long-enough-password')
    await page.getByRole('button', { name: 'Змінити пароль' }).click()
    await page.getByText('Пароль змінено. Інші сеанси завершено.').waitFor()

    // the other session has ended; the new password signs in
    await other.reload()
    await other.getByRole('button', { name: 'Увійти' }).waitFor()
    const again = await browser.signIn({ login: who.login, password: 'a-long-enough-password' })
    await again.close()

    // a key is shown once, works, and is revoked
    await page.getByLabel('Назва ключа').fill('Скрипт звітів')
    await page.getByRole('button', { name: 'Створити ключ' }).click()
    const secret = (await page.locator('code.secret').innerText()).trim()
    expect(secret).toMatch(/^vkn_/)
    const withKey = await fetch(`${url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } })
    expect(withKey.status).toBe(200)
    await page.getByRole('cell', { name: /^Скрипт звітів vkn_/ }).waitFor()
    await page.screenshot({ path: `${SHOTS}profile.png`, fullPage: true })
    expect(await seriousA11yViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Відкликати ключ «Скрипт звітів»' }).click()
    await page.getByRole('cell', { name: 'Відкликано' }).waitFor()
    const revoked = await fetch(`${url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } })
    expect(revoked.status).toBe(401)
  })
})
