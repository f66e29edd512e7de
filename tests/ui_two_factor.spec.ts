import { TOTP, Secret } from 'otpauth'
import { testApp } from '#core/testing/app'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations } from '#core/testing/browser'

/** Issue 10, item 13 in the screens: enrolment on the profile page, the code step at login. */
describe('two-factor sign-in in the screens', () => {
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

  it('enrols with the QR code and then asks for the code at login', async () => {
    const who = await makeUser(['admin'], {}, 'Адмін Двофакторний')
    const page = await browser.signIn(who)
    await page.getByRole('link', { name: 'Адмін Двофакторний' }).click()
    await page.getByRole('heading', { name: 'Двофакторний вхід' }).waitFor()
    await page.getByRole('button', { name: 'Увімкнути' }).click()
    await page.getByRole('img', { name: 'QR-код для застосунку-автентифікатора' }).waitFor()
    const secret = (await page.locator('.two-factor code.secret').innerText()).trim()
    // a code is accepted once: the login uses the next 30-second step's
    const code = (ahead = 0) => new TOTP({ label: who.login, secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + ahead * 30_000 })
    await page.getByLabel('Код (6 цифр) або код відновлення').fill('000000')
    await page.getByRole('button', { name: 'Підтвердити' }).click()
    await page.locator('#two-factor-error').waitFor()
    await page.getByLabel('Код (6 цифр) або код відновлення').fill(code())
    await page.getByRole('button', { name: 'Підтвердити' }).click()
    await page.locator('.recovery-codes li').nth(9).waitFor()
    await page.getByText(/^Увімкнено/).waitFor()
    await page.screenshot({ path: `${SHOTS}profile_two_factor.png`, fullPage: true })
    expect(await seriousA11yViolations(page, '.two-factor')).toEqual([])

    const login = await browser.newPage()
    await login.goto(`${url}/`)
    await login.getByLabel('Логін').fill(who.login)
    await login.getByLabel('Пароль').fill(who.password)
    await login.getByRole('button', { name: 'Увійти' }).click()
    await login.getByLabel('Код (6 цифр) або код відновлення').fill(code(1))
    await login.getByRole('button', { name: 'Увійти' }).click()
    await login.getByRole('navigation', { name: 'Розділи' }).waitFor()
  })
})
