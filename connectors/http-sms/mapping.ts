/**
 * The declarative pieces of an HTTP SMS gateway: picks (where a value is in a provider's
 * answer or report), templates (the request with `{{placeholders}}`), and body parsing.
 *
 * A pick is a JSON Pointer (`/response_result/0/message_id`) or a dotted path with indexes
 * (`response_result[0].message_id`); `a|b` tries `a`, then `b`.
 */

/** The value at `path` in `value`, or undefined. */
export function pick(value: unknown, path: string | undefined): unknown {
  if (!path) return undefined
  for (const alternative of path.split('|')) {
    const found = pickOne(value, alternative.trim())
    if (found !== undefined && found !== null && found !== '') return found
  }
  return undefined
}

function pickOne(value: unknown, path: string): unknown {
  const steps = path.startsWith('/')
    ? path
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    : path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '')
  let node: unknown = value
  for (const step of steps) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[step]
  }
  return node
}

/** A scalar as the text a value map is keyed by. */
export function asKey(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined
}

/**
 * Fills `{{name}}` placeholders in every string of a template. A string that is exactly one
 * placeholder takes the value as is; unknown placeholders stay as written.
 */
export function fill<T>(template: T, values: Record<string, string>): T {
  if (typeof template === 'string') return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (all, name: string) => values[name] ?? all) as T
  if (Array.isArray(template)) return template.map((v) => fill(v, values)) as T
  if (template && typeof template === 'object') return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, values)])) as T
  return template
}

/** A flat object as form / query fields (nested values as JSON). */
export function toFields(body: Record<string, unknown>): URLSearchParams {
  const fields = new URLSearchParams()
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue
    fields.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value))
  }
  return fields
}

/** A JSON or form body (by content type, else by its first character); undefined when unreadable. */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  const text = raw.toString('utf8').trim()
  if (!text) return undefined
  const looksJson = /json/i.test(contentType ?? '') || text.startsWith('{') || text.startsWith('[')
  if (looksJson) {
    try {
      return JSON.parse(text)
    } catch {
      return undefined
    }
  }
  return Object.fromEntries(new URLSearchParams(text))
}

/** How many SMS parts a text takes: GSM-7 160 / 153 per part, otherwise (Cyrillic) UCS-2 70 / 67. */
export function smsParts(text: string): number {
  const gsm = /^[A-Za-z0-9 \r\n@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\[~\]|€]*$/.test(text)
  const length = [...text].length
  const [single, part] = gsm ? [160, 153] : [70, 67]
  return length <= single ? 1 : Math.ceil(length / part)
}
