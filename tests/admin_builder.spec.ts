import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { BrowserSession, SHOTS, ensureUiBuilt, makeUser, seriousA11yViolations, until, type Credentials } from '#core/testing/browser'
import { engine } from '#core/engine/engine'
import type { Page } from 'playwright-core'

/**
 * The admin builder in a real browser: invalid metadata cannot be published and the error is
 * shown at the field; a field added in the entity designer appears in the form preview and, once
 * published, in a dispatcher's already open form; a rollback takes it away while the stored
 * value stays; a destructive change needs a confirmation that names the rows it touches; two
 * administrators on one draft get a conflict; "see as this role"; a supervisor's limits.
 */
describe('admin builder in the browser', () => {
  let url: string
  const browser = new BrowserSession(() => url)
  const tag = Date.now().toString(36)
  const meter = `adm_meter_${tag}`
  let admin: ApiClient
  let adminUser: Credentials
  let before: number
  const draftId = (page: Page) => page.evaluate(() => (globalThis as any).localStorage.getItem('vikno.admin.draft') as string | null)
  const card = (page: Page, field: string) => page.locator(`details[data-field="${field}"]`)

  beforeAll(async () => {
    ensureUiBuilt()
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    before = (await admin.get('/api/v1/meta/revisions')).body.current
    // a test entity with data, for the destructive change
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const doc = {
      kind: 'entity',
      key: meter,
      label: { uk: 'Лічильник тесту', en: 'Test meter' },
      display: 'reading',
      fields: { reading: { type: 'string', label: { uk: 'Показник', en: 'Reading' } } },
    }
    await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/entity/${meter}`, { document: doc, version: draft.version })
    const published = await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, { message: 'admin builder spec' })
    expect(published.status).withContext(published.text).toBe(200)
    for (const reading of ['12', '34']) expect((await admin.post(`/api/v1/records/${meter}`, { reading })).status).toBe(201)
    adminUser = await makeUser(['admin'], {}, 'Адміністраторка Конструктора')
    await browser.start()
  }, 360_000)
  beforeEach(() => (browser.errors = []))
  afterEach(() => expect(browser.errors).withContext('errors in the browser console').toEqual([]))
  afterAll(async () => {
    await browser.close()
    // leave the metadata as the other specs expect it
    const now = (await admin.get('/api/v1/meta/revisions')).body.current
    if (now !== before) expect((await admin.post(`/api/v1/meta/revisions/${before}/rollback`, { confirm: true })).status).toBe(200)
  })

  it('refuses to publish invalid metadata and shows the error at the field in the designer', async () => {
    const page = await browser.signIn(adminUser)
    await page.goto(`${url}/app/admin/entities/work_order`)
    await page.getByRole('heading', { name: /Наряд/ }).first().waitFor()
    const newField = page.getByRole('form', { name: 'Нове поле' })
    await newField.getByLabel('Нове поле: Ключ (латиницею)').fill('adm_kind')
    await newField.getByLabel('Тип', { exact: true }).selectOption('enum')
    await newField.getByRole('button', { name: 'Додати поле' }).click()
    await card(page, 'adm_kind').waitFor()
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page.getByRole('status').filter({ hasText: 'Чернетка має помилки' }).waitFor()
    const error = page.locator('.field-error[data-pointer="/fields/adm_kind"]')
    await error.waitFor()
    expect(await error.innerText()).toContain('options')
    expect(await page.locator('.draft-bar').innerText()).toContain('1 помилка')

    // the publish screen lists it, linked to the designer, and will not publish; neither will the API
    await page.getByRole('navigation', { name: 'Вкладки конструктора' }).getByRole('link', { name: 'Публікація' }).click()
    await page.getByRole('heading', { name: 'Зміни чернетки' }).waitFor()
    expect(await page.getByRole('button', { name: 'Опублікувати' }).isDisabled()).toBeTrue()
    const id = await draftId(page)
    const refused = await admin.post(`/api/v1/meta/drafts/${id}/publish`, {})
    expect(refused.status).toBe(422)
    expect(refused.body.errors.map((e: any) => e.pointer)).toContain('/entity/work_order/fields/adm_kind')
    await page.getByRole('link', { name: '/entity/work_order/fields/adm_kind' }).click()
    await card(page, 'adm_kind').locator('.field-error').waitFor()

    // fixed in the designer: a string with a label; the draft is valid again
    await card(page, 'adm_kind').getByLabel('Тип', { exact: true }).selectOption('string')
    await card(page, 'adm_kind').getByLabel('Назва (укр.)').fill('Категорія адміна')
    await card(page, 'adm_kind').getByLabel('Назва (English)').fill('Admin category')
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page.getByRole('status').filter({ hasText: 'Збережено в чернетку' }).waitFor()
    await until(async () => (await page.locator('.field-error').count()) === 0)
    await page.getByRole('button', { name: 'Показати заплановані зміни' }).click()
    await page.getByTestId('plan').filter({ hasText: 'adm_kind' }).waitFor()
    await page.screenshot({ path: `${SHOTS}admin_entities.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on the entity designer')
      .toEqual([])
  })

  it('publishes a field added in the designer: form preview, an open form, then a rollback that keeps the data', async () => {
    const dispatcher = await makeUser(['test_dispatcher'], {}, 'Диспетчер Конструктора')
    const operatorPage = await browser.signIn(dispatcher)
    await operatorPage.goto(`${url}/app/work_order/new`)
    await operatorPage.getByLabel('Назва').fill('Перевірка конструктора')
    expect(await operatorPage.getByLabel('Категорія адміна').count()).toBe(0)

    const page = await browser.signIn(adminUser)
    await page.goto(`${url}/app/admin/entities/work_order`)
    const newField = page.getByRole('form', { name: 'Нове поле' })
    await newField.getByLabel('Нове поле: Ключ (латиницею)').fill('adm_kind')
    await newField.getByLabel('Тип', { exact: true }).selectOption('string')
    await newField.getByRole('button', { name: 'Додати поле' }).click()
    await card(page, 'adm_kind').getByLabel('Назва (укр.)').fill('Категорія адміна')
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page.getByRole('status').filter({ hasText: 'Збережено в чернетку' }).waitFor()

    // a form for work orders: the new field is in the live preview, reordered by keyboard drag and drop
    await page.getByRole('navigation', { name: 'Вкладки конструктора' }).getByRole('link', { name: 'Форми' }).click()
    const newForm = page.getByRole('form', { name: 'Нова форма' })
    await newForm.getByLabel('Ключ (латиницею)').fill(`adm_wo_${tag}`)
    await newForm.getByLabel('Сутність').selectOption('work_order')
    await newForm.getByRole('button', { name: 'Створити форму' }).click()
    const preview = page.getByTestId('form-preview')
    await preview.getByLabel('Категорія адміна').waitFor()
    const order = () => page.locator('.dnd-section li[data-field]').evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(name: string): string | null }).getAttribute('data-field')))
    const first = (await order())[0]
    await page.getByRole('button', { name: /Перетягніть, щоб змінити порядок: Назва$/ }).focus()
    // dnd-kit's keyboard sensor: pick up, move one place down, drop (it measures between frames)
    for (const key of ['Space', 'ArrowDown', 'Space']) {
      await page.keyboard.press(key)
      await page.waitForTimeout(300)
    }
    await until(async () => (await order())[1] === first)
    // a help text and a condition: the field shows only for urgent orders
    await page.locator('.dnd-item[data-field="adm_kind"]').getByRole('button', { name: 'Категорія адміна adm_kind', exact: true }).click()
    await page.getByLabel('Підказка (укр.)').fill('Оберіть категорію')
    await page.getByLabel('Показувати, коли (умова JSON)').fill('{"urgent": {"eq": true}}')
    await preview.locator('.record-form').waitFor()
    expect(await preview.getByLabel('Категорія адміна').count())
      .withContext('sample data is urgent')
      .toBe(1)
    await page.getByLabel('Показувати, коли (умова JSON)').fill('{"urgent": {"eq": false}}')
    await until(async () => (await preview.getByLabel('Категорія адміна').count()) === 0)
    await page.getByLabel('Показувати, коли (умова JSON)').fill('')
    await preview.getByLabel('Категорія адміна').waitFor()
    await page.getByRole('button', { name: 'Вузький екран' }).click()
    await page.locator('.preview-frame.narrow').waitFor()
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page.getByRole('status').filter({ hasText: 'Збережено в чернетку' }).waitFor()
    await page.screenshot({ path: `${SHOTS}admin_form_designer.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on the form designer')
      .toEqual([])

    // publish: a readable diff per document and the planned database actions
    await page.getByRole('navigation', { name: 'Вкладки конструктора' }).getByRole('link', { name: 'Публікація' }).click()
    await page.locator('pre.diff .add', { hasText: 'Категорія адміна' }).first().waitFor()
    await page.getByRole('button', { name: 'Перевірити' }).click()
    await page.getByTestId('plan').filter({ hasText: 'adm_kind' }).waitFor()
    await page.getByLabel('Коментар до публікації').fill('Категорія для нарядів')
    await page.screenshot({ path: `${SHOTS}admin_publish_diff.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on publishing')
      .toEqual([])
    await page.getByRole('button', { name: 'Опублікувати' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: /Опубліковано: редакція \d+/ })
      .waitFor()
    const revision = engine.revision

    // the dispatcher's open form gains the field without a reload, keeping what was typed
    // (how fast: bench/publish_live.ts)
    await operatorPage.getByLabel('Категорія адміна').waitFor({ timeout: 30_000 })
    expect(await operatorPage.getByLabel('Назва').inputValue()).toBe('Перевірка конструктора')
    const api = await userClient(url, ['test_dispatcher'])
    const counterparty = (await admin.post('/api/v1/records/counterparty', { name: `Підрядник ${tag}`, code: `adm_${tag}` })).body.data.id
    const saved = await api.post('/api/v1/records/work_order', { title: 'З категорією', contractor: counterparty, adm_kind: 'планова' })
    expect(saved.status).withContext(saved.text).toBe(201)

    // rollback to the revision before: the field leaves the open form, the value stays in the table
    await page.reload()
    await page.getByRole('heading', { name: 'Редакції' }).waitFor()
    await page.getByRole('button', { name: `Повернутися до цієї: ${revision - 1}` }).click()
    // it says what changes first and waits for the confirmation
    const confirm = page.getByRole('alertdialog', { name: `Повернення до редакції ${revision - 1}` })
    await confirm.getByText(/entity\/work_order.*зміниться/).waitFor()
    expect(engine.revision).withContext('nothing rolled back before the confirmation').toBe(revision)
    await confirm.getByRole('button', { name: 'Підтвердити повернення' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: /Повернуто: нова редакція/ })
      .waitFor()
    await until(async () => (await operatorPage.getByLabel('Категорія адміна').count()) === 0, 30_000)
    const row = await engine.knex('work_order').where({ id: saved.body.data.id }).first('adm_kind')
    expect(row.adm_kind).toBe('планова')
    expect(engine.set.entity('work_order')!.fields.adm_kind).toBeUndefined()
  })

  it('refuses a destructive change without confirmation, naming the affected rows, and applies it confirmed', async () => {
    const page = await browser.signIn(adminUser)
    await page.goto(`${url}/app/admin/entities/${meter}`)
    await card(page, 'reading').locator('summary').click()
    await card(page, 'reading').getByLabel('Тип', { exact: true }).selectOption('integer')
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page.getByRole('status').filter({ hasText: 'Збережено в чернетку' }).waitFor()
    await page.getByRole('navigation', { name: 'Вкладки конструктора' }).getByRole('link', { name: 'Публікація' }).click()
    await page.getByRole('button', { name: 'Опублікувати' }).click()
    const warning = page.locator('.destructive')
    await warning.waitFor()
    expect(await warning.innerText()).toContain('Зачіпає рядків: 2')
    expect(await page.getByRole('button', { name: 'Опублікувати' }).isDisabled()).toBeTrue()
    expect(engine.set.entity(meter)!.fields.reading.type).toBe('string')
    await page.getByLabel('Я розумію, що дані буде втрачено').check()
    await page.getByRole('button', { name: 'Опублікувати' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: /Опубліковано/ })
      .waitFor()
    expect(engine.set.entity(meter)!.fields.reading.type).toBe('integer')
    const rows = await engine.knex(meter).orderBy('reading').pluck('reading')
    expect(rows).toEqual([12, 34])
  })

  it('gives two administrators on one draft a conflict instead of a silent overwrite', async () => {
    const one = await browser.signIn(adminUser)
    await one.goto(`${url}/app/admin/entities/${meter}`)
    await one.getByLabel('Назва (English)').first().fill('Meter one')
    await one.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await one.getByRole('status').filter({ hasText: 'Збережено в чернетку' }).waitFor()
    const id = await draftId(one)
    const other = await browser.signIn(await makeUser(['admin'], {}, 'Другий адміністратор'))
    await other.goto(`${url}/app/admin/entities/${meter}`)
    await other.evaluate((d) => (globalThis as any).localStorage.setItem('vikno.admin.draft', d), id)
    await other.reload()
    await other.locator('.draft-bar').filter({ hasText: 'Чернетка: 1 зміна' }).waitFor()
    // the first one saves again; the second saves on the version it saw
    await one.getByLabel('Назва (English)').first().fill('Meter one again')
    await one.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await one.locator('.draft-bar').filter({ hasText: 'Чернетка: 1 зміна' }).waitFor()
    await other.getByLabel('Назва (English)').first().fill('Meter two')
    await other.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await other.getByRole('alert').filter({ hasText: 'Чернетку змінив інший адміністратор' }).waitFor()
    const stored = (await admin.get(`/api/v1/meta/drafts/${id}`)).body.changes[`entity/${meter}`]
    expect(stored.label.en).toBe('Meter one again')
  })

  it('shows what a sample user of a role would see, and edits lists and roles', async () => {
    const page = await browser.signIn(adminUser)
    await page.goto(`${url}/app/admin/roles/test_dispatcher`)
    await page.getByRole('heading', { name: 'Побачити як ця роль' }).waitFor()
    await page.getByLabel('Список сутності').selectOption('work_order')
    await page.getByRole('button', { name: 'Показати' }).click()
    const preview = page.getByTestId('role-preview')
    await preview.waitFor()
    expect(await preview.innerText()).toContain('Наряд')
    await preview.getByRole('cell', { name: 'З категорією' }).waitFor()
    await page.getByRole('checkbox', { name: 'Наряд: Видалення' }).waitFor()
    await page.screenshot({ path: `${SHOTS}admin_roles_preview.png`, fullPage: true })
    expect(await seriousA11yViolations(page))
      .withContext('axe on roles')
      .toEqual([])

    await page.getByRole('navigation', { name: 'Вкладки конструктора' }).getByRole('link', { name: 'Списки' }).click()
    const newView = page.getByRole('form', { name: 'Новий список' })
    await newView.getByLabel('Ключ (латиницею)').fill(`adm_view_${tag}`)
    await newView.getByLabel('Сутність').selectOption('work_order')
    await newView.getByRole('button', { name: 'Створити список' }).click()
    await page.getByRole('heading', { name: new RegExp(`adm_view_${tag}`) }).waitFor()
    await page.getByLabel('Фільтр (умова JSON)').fill('{"nope": {"eq": 1}}')
    await page.getByRole('button', { name: 'Зберегти в чернетку' }).click()
    await page.locator('.field-error[data-pointer="/filter"]').waitFor()
    expect(await seriousA11yViolations(page))
      .withContext('axe on lists')
      .toEqual([])
  })

  it('exports the configuration as files and imports files into the draft, errors per file', async () => {
    const page = await browser.signIn(adminUser)
    await page.goto(`${url}/app/admin/publish`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Завантажити конфігурацію (JSON)' }).click()])
    const bundle = JSON.parse(await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8'))
    expect(bundle.format).toBe('vikno-metadata')
    expect(bundle.files['entities/work_order.entity.json'].key).toBe('work_order')
    const input = page.getByLabel('Імпортувати файли в чернетку')
    await input.setInputFiles([{ name: 'broken.entity.json', mimeType: 'application/json', buffer: Buffer.from('{ nope') }])
    await page.getByRole('alert').filter({ hasText: '/files/broken.entity.json' }).waitFor()
    const role = { ...bundle.files['roles/test_dispatcher.role.json'], label: { uk: 'Диспетчер з файлу', en: 'Dispatcher from a file' } }
    await input.setInputFiles([{ name: 'test_dispatcher.role.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(role)) }])
    await page.getByRole('status').filter({ hasText: 'Імпортовано в чернетку: 1' }).waitFor()
    await page.locator('pre.diff .add', { hasText: 'Диспетчер з файлу' }).waitFor()
  })

  it('lets a supervisor into request types but not entities', async () => {
    const page = await browser.signIn(await makeUser(['supervisor'], {}, 'Супервізор Конструктора'))
    await page.getByRole('navigation', { name: 'Розділи' }).getByRole('link', { name: 'Конструктор' }).waitFor()
    await page.goto(`${url}/app/admin/entities`)
    await page.getByText('Ви не можете змінювати ці метадані.').waitFor()
  })
})
