import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { upsertUser } from '#core/auth/identity'
import { engine } from '#core/engine/engine'

/** Where browser specs save their screenshots (test artifacts, git-ignored). */
export const SHOTS = new URL('../../tmp/screenshots/', import.meta.url).pathname

/** Debian's chromium, launched as ../shared/STACK.md says. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export interface Credentials {
  login: string
  password: string
}

/** Builds the app when its build is older than its sources (core/ui/ensure_build.mjs). */
export function ensureUiBuilt() {
  execFileSync(process.execPath, ['core/ui/ensure_build.mjs'], { stdio: 'inherit', timeout: 300_000 })
  mkdirSync(SHOTS, { recursive: true })
}

/** A user with these roles and attributes and a random password, in the test app's database. */
export async function makeUser(roles: string[], attributes: Record<string, unknown> = {}, name = 'Тестовий користувач'): Promise<Credentials> {
  const login = `ui_${randomBytes(4).toString('hex')}`
  const password = randomBytes(12).toString('base64url')
  await upsertUser(engine.knex, { login, name, password, roles, attributes })
  return { login, password }
}

/**
 * One chromium for a describe block: `signIn` opens a fresh context per user (Ukrainian
 * locale) and logs in through the login form; script errors and console errors (except
 * expected HTTP answers) are collected in `errors`, for an afterEach to assert empty.
 */
export class BrowserSession {
  browser!: Browser
  readonly contexts: BrowserContext[] = []
  errors: string[] = []

  constructor(readonly url: () => string) {}

  async start() {
    this.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  }

  async close() {
    for (const c of this.contexts) await c.close().catch(() => {})
    await this.browser?.close()
  }

  async newPage(viewport = { width: 1366, height: 900 }): Promise<Page> {
    const context = await this.browser.newContext({ locale: 'uk-UA', viewport })
    this.contexts.push(context)
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    page.on('pageerror', (e) => this.errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && this.errors.push(m.text()))
    return page
  }

  async signIn(who: Credentials, viewport?: { width: number; height: number }): Promise<Page> {
    const page = await this.newPage(viewport)
    await page.goto(`${this.url()}/`)
    await page.getByLabel('Логін').fill(who.login)
    await page.getByLabel('Пароль').fill(who.password)
    await page.getByRole('button', { name: 'Увійти' }).click()
    await page.getByRole('navigation', { name: 'Розділи' }).waitFor()
    return page
  }
}

let axeSource: string | undefined

/**
 * Runs axe-core in the page and returns the serious and critical violations (rule id, help and
 * the first offending selectors), so a spec can `expect(...).toEqual([])`.
 */
export async function seriousA11yViolations(page: Page, selector?: string): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  // evaluated through the DevTools protocol: the page's CSP (own scripts only) does not apply
  await page.evaluate(axeSource)
  const results = (await page.evaluate(async (sel) => {
    const axe = (globalThis as any).axe
    const r = await axe.run(sel ?? (globalThis as any).document, { resultTypes: ['violations'] })
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) }))
  }, selector)) as { id: string; impact: string; help: string; nodes: string[] }[]
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.join(', ')})`)
}

/** Polls until `check` holds (10 s by default). */
export async function until(check: () => Promise<boolean>, timeout = 10_000) {
  const deadline = Date.now() + timeout
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Waits until the locator matches exactly n elements. */
export async function waitForCount(locator: Locator, n: number, timeout = 10_000) {
  const deadline = Date.now() + timeout
  while (Date.now() < deadline) {
    if ((await locator.count()) === n) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`expected ${n} rows, have ${await locator.count()}`)
}
