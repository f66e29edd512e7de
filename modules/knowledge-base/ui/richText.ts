/**
 * Article HTML made safe to show: the server already sanitises it on every write
 * (hooks/article.ts); this second, allow-list pass in the browser keeps a stored row written
 * before that rule, or by hand, from running anything. Parsed inertly (DOMParser runs no
 * script and loads nothing); only these tags and, on links, http(s)/mailto `href` stay.
 */
const TAGS = new Set(['P', 'BR', 'STRONG', 'B', 'EM', 'I', 'U', 'UL', 'OL', 'LI', 'H2', 'H3', 'H4', 'BLOCKQUOTE', 'A', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'CODE', 'PRE', 'HR'])

export function safeHtml(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html')
  clean(doc.body)
  return doc.body.innerHTML
}

function clean(node: Element) {
  for (const child of [...node.children]) {
    if (!TAGS.has(child.tagName)) {
      // unknown wrappers keep their text; scripts, styles and embeds go entirely
      if (['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'TEMPLATE'].includes(child.tagName)) child.remove()
      else {
        clean(child)
        child.replaceWith(...child.childNodes)
      }
      continue
    }
    const href = child.tagName === 'A' ? child.getAttribute('href') : null
    for (const attr of [...child.attributes]) child.removeAttribute(attr.name)
    if (href && /^(https?:|mailto:)/i.test(href.trim())) {
      child.setAttribute('href', href.trim())
      child.setAttribute('rel', 'noopener noreferrer')
      child.setAttribute('target', '_blank')
    }
    clean(child)
  }
}
