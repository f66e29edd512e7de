import { useMemo } from 'react'
import { lineDiff, withContext } from '../common/diff.js'

/** A readable diff of one document's canonical JSON, published → draft. */
export function DocDiff({ id, before, after }: { id: string; before?: unknown; after?: unknown }) {
  const lines = useMemo(() => {
    const text = (d: unknown) => (d === undefined || d === null ? '' : JSON.stringify(d, null, 2))
    return withContext(lineDiff(text(before), text(after)))
  }, [before, after])
  return (
    <pre className="diff" tabIndex={0} aria-label={id}>
      {lines.map((l, i) =>
        l === null ? (
          <span key={i} className="ctx">
            …
          </span>
        ) : (
          <span key={i} className={l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'ctx'}>
            {l.op} {l.text}
          </span>
        )
      )}
    </pre>
  )
}
