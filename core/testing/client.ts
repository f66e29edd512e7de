import { randomBytes } from 'node:crypto'
import { upsertUser } from '#core/auth/identity'
import { engine } from '#core/engine/engine'

export interface ApiResponse<T = any> {
  status: number
  headers: Headers
  body: T
  text: string
}

/** A real HTTP client of the API that keeps its session cookie and CSRF token. */
export class ApiClient {
  cookie?: string
  csrf?: string
  token?: string
  locale = 'uk'

  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { 'accept-language': this.locale, ...headers }
    if (this.cookie) h.cookie = this.cookie
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf
    if (this.token) h.authorization = `Bearer ${this.token}`
    let payload: string | undefined
    if (body !== undefined) {
      if (typeof body === 'string') payload = body
      else {
        payload = JSON.stringify(body)
        h['content-type'] ??= 'application/json'
      }
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: payload })
    const text = await res.text()
    let parsed: any = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {}
    const setCookie = res.headers.get('set-cookie')
    if (setCookie?.startsWith('vikno_sid=')) this.cookie = setCookie.split(';')[0]
    return { status: res.status, headers: res.headers, body: parsed, text }
  }

  get = <T = any>(path: string, headers?: Record<string, string>) => this.request<T>('GET', path, undefined, headers)
  post = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('POST', path, body, headers)
  patch = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('PATCH', path, body, headers)
  put = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('PUT', path, body, headers)
  delete = <T = any>(path: string, headers?: Record<string, string>) => this.request<T>('DELETE', path, undefined, headers)

  async login(login: string, password: string) {
    const res = await this.post('/api/v1/auth/login', { login, password })
    if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${res.text}`)
    this.csrf = res.body.csrfToken
    return this
  }
}

/** A user with the given roles, logged in through the real login endpoint. */
export async function userClient(baseUrl: string, roles: string[], attributes: Record<string, unknown> = {}) {
  const login = `u_${randomBytes(5).toString('hex')}`
  const password = randomBytes(12).toString('base64url')
  const user = await upsertUser(engine.knex, { login, name: `Test ${login}`, password, roles, attributes })
  const client = await new ApiClient(baseUrl).login(login, password)
  return Object.assign(client, { userId: user.id, login })
}
