import type { ReactNode } from 'react'
import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { Label } from '../../../core/shared/metadata.js'
import { useLabel } from '../../../core/ui/src/labels.js'

/**
 * The left column of a designer: the documents of one kind as links (the open one marked) and
 * the form that creates a new one (`children` are its inputs). `words` is the designer's
 * i18n prefix, e.g. `builder.forms` (`.title`, `.new`, `.create`).
 */
export function DocListNav(props: { base: string; docs: Array<{ key: string; label?: Label }>; selected?: string; words: string; canCreate: boolean; onCreate(): void; children: ReactNode }) {
  const { t } = useTranslation()
  const label = useLabel()
  return (
    <nav aria-label={t(`${props.words}.title`)}>
      <ul className="builder-list">
        {props.docs.map((d) => (
          <li key={d.key}>
            <Link href={`${props.base}/${d.key}`} aria-current={d.key === props.selected ? 'page' : undefined}>
              {label(d.label ?? { uk: d.key })} <code className="muted">{d.key}</code>
            </Link>
          </li>
        ))}
      </ul>
      <form
        className="stack"
        aria-label={t(`${props.words}.new`)}
        onSubmit={(e) => {
          e.preventDefault()
          props.onCreate()
        }}
      >
        <h2>{t(`${props.words}.new`)}</h2>
        {props.children}
        <button type="submit" disabled={!props.canCreate}>
          {t(`${props.words}.create`)}
        </button>
      </form>
    </nav>
  )
}
