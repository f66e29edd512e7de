import type { FieldError, ProblemDetails } from '../../../shared/problem.js'

/** An API error as the server sent it (RFC 9457), with its field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails
  ) {
    super(problem.detail ?? problem.title)
  }
  get errors(): FieldError[] {
    return this.problem.errors ?? []
  }
}

let csrfToken: string | null = null
let language = 'uk'

export function setCsrfToken(token: string | null) {
  csrfToken = token
}

export function setApiLanguage(lang: string) {
  language = lang
}

/** Headers of a write made outside `api` (an upload through XMLHttpRequest, for its progress). */
export function writeHeaders(): Record<string, string> {
  return { accept: 'application/json', 'accept-language': language, ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) }
}

/** Called when the session is gone (401), so the app can show the login page. */
let onUnauthorized: () => void = () => {}
export function whenUnauthorized(handler: () => void) {
  onUnauthorized = handler
}

/** JSON request to the API with the session cookie, the CSRF token on writes and the UI's language. */
export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json'
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
  })
  if (res.status === 204) return undefined as T
  const text = await res.text()
  const parsed = text ? safeJson(text) : undefined
  if (!res.ok) {
    if (res.status === 401 && !path.endsWith('/auth/login')) onUnauthorized()
    const problem: ProblemDetails = parsed && typeof parsed === 'object' ? parsed : { type: 'about:blank', title: res.statusText || String(res.status), status: res.status }
    throw new ApiError(res.status, problem)
  }
  return parsed as T
}

function safeJson(text: string) {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export const get = <T = any>(path: string) => api<T>('GET', path)
export const post = <T = any>(path: string, body?: unknown) => api<T>('POST', path, body ?? {})
export const patch = <T = any>(path: string, body: unknown) => api<T>('PATCH', path, body)

/** `/api/v1/records/<entity>` with a query string built from the defined values. */
export function recordsPath(entity: string, id?: string, query: Record<string, string | number | boolean | undefined> = {}) {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') qs.set(k, String(v))
  const tail = qs.toString()
  return `/api/v1/records/${encodeURIComponent(entity)}${id ? `/${encodeURIComponent(id)}` : ''}${tail ? `?${tail}` : ''}`
}
