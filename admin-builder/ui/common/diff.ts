export type DiffLine = { op: ' ' | '+' | '-'; text: string }

/**
 * Line diff of two texts (longest common subsequence), for a readable per-document diff of
 * canonical JSON. Documents are small; past `limit` lines each side it shows remove-all/add-all.
 */
export function lineDiff(before: string, after: string, limit = 1500): DiffLine[] {
  const a = before ? before.split('\n') : []
  const b = after ? after.split('\n') : []
  if (a.length > limit || b.length > limit) return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))]
  const n = a.length
  const m = b.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] })
      i++
      j++
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ op: '-', text: a[i++] })
    else out.push({ op: '+', text: b[j++] })
  }
  while (i < n) out.push({ op: '-', text: a[i++] })
  while (j < m) out.push({ op: '+', text: b[j++] })
  return out
}

/** Keeps changed lines with `context` unchanged lines around them; `null` marks a skipped run. */
export function withContext(lines: DiffLine[], context = 2): Array<DiffLine | null> {
  const keep = lines.map((l) => l.op !== ' ')
  const near = lines.map((_, i) => keep.slice(Math.max(0, i - context), i + context + 1).some(Boolean))
  const out: Array<DiffLine | null> = []
  lines.forEach((l, i) => {
    if (near[i]) out.push(l)
    else if (out[out.length - 1] !== null) out.push(null)
  })
  return out
}

/** The repository's file name of a document: `entities/ticket.entity.json`. */
export function fileNameOf(id: string): string {
  const [kind, key] = id.split('/')
  const folder = kind === 'entity' ? 'entities' : kind.endsWith('s') ? kind : `${kind}s`
  return `${folder}/${key}.${kind}.json`
}

/** Where a problem's document is edited in the builder. */
export function designerHref(kind: string, key: string): string | undefined {
  const paths: Record<string, string> = { entity: 'entities', form: 'forms', view: 'views', role: 'roles' }
  return paths[kind] ? `/admin/${paths[kind]}/${key}` : undefined
}
