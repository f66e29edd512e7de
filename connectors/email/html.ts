/**
 * The HTML of an inbound letter, made harmless: `safeHtml` keeps formatting tags only (no
 * scripts, styles, forms, frames, `on*` attributes, `javascript:`/`data:` URLs, remote
 * images) for an operator's screen; `htmlToText` takes the text out of a letter that has no
 * plain part (scripts' and styles' content dropped, blocks on their own lines).
 */
import sanitizeHtml from 'sanitize-html'

const SAFE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'div',
    'span',
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'blockquote',
    'pre',
    'code',
    'ul',
    'ol',
    'li',
    'a',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'hr',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  // a link opens away from Vikno and tells the peer nothing about where it came from
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
}

/** The letter's HTML with only safe tags and attributes left. */
export function safeHtml(html: string): string {
  return sanitizeHtml(html, SAFE).trim()
}

const BLOCK_END = /<\/(p|div|li|tr|h[1-6]|blockquote|pre|table)\s*>|<br\s*\/?>/gi
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' }

/** The text of an HTML letter: no tags at all, one line per block, at most one blank line in a row. */
export function htmlToText(html: string): string {
  const text = sanitizeHtml(
    html.replace(BLOCK_END, (tag) => `${tag}\n`),
    { allowedTags: [], allowedAttributes: {} }
  )
  return text
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (e) => ENTITIES[e])
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
