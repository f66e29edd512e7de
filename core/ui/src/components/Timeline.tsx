import { useState, type ReactNode } from 'react'
import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../labels.js'
import { knownName } from '../api/references.js'

/**
 * Core's kinds of timeline items; modules add theirs (`*.timeline.ts`, e.g. the service desk's
 * `sla`, `comment`, `call`, `message`) with their words under `recordTimeline.<kind>` and
 * `recordTimeline.filter.<kind>` in their locale.
 */
export type TimelineKind = 'created' | 'changed' | 'status' | 'automation' | 'deleted' | (string & {})

export interface TimelineItem {
  key: string
  at: string
  kind: TimelineKind
  /** A user id (named through the user entity), or null for the system. */
  actor?: string | null
  title: string
  /** The item's own record page (a comment, a call). */
  href?: string
  body?: ReactNode
}

/**
 * Events of a record, newest first, with toggle buttons that show one kind at a time (the
 * ticket timeline, a record's history).
 */
export function Timeline({ items, label, kinds }: { items: TimelineItem[]; label: string; kinds?: TimelineKind[] }) {
  const { t, i18n } = useTranslation()
  const [only, setOnly] = useState<TimelineKind | undefined>()
  const present = (kinds ?? []).filter((k) => items.some((i) => i.kind === k || (k === 'changed' && i.kind === 'created')))
  const shown = only ? items.filter((i) => i.kind === only || (only === 'changed' && i.kind === 'created')) : items
  return (
    <div className="timeline">
      {present.length > 1 && (
        <div className="timeline-filter" role="group" aria-label={t('recordPanel.show')}>
          <button type="button" aria-pressed={!only} onClick={() => setOnly(undefined)}>
            {t('recordPanel.all')} ({items.length})
          </button>
          {present.map((k) => (
            <button key={k} type="button" aria-pressed={only === k} onClick={() => setOnly(only === k ? undefined : k)}>
              {t(`recordTimeline.filter.${k}`)}
            </button>
          ))}
        </div>
      )}
      {!shown.length ? (
        <p className="empty">{t('recordPanel.nothing')}</p>
      ) : (
        <ol className="timeline-items" aria-label={label}>
          {shown.map((i) => (
            <li key={i.key} className={`timeline-item kind-${i.kind}`}>
              <div className="timeline-meta">
                <span className={`timeline-kind kind-${i.kind}`}>{t(`recordTimeline.${i.kind}`)}</span>
                <time dateTime={i.at}>{formatDateTime(i.at, i18n.language)}</time>
                <span className="muted">{i.actor ? (knownName('user', i.actor) ?? `#${i.actor.slice(0, 8)}`) : i.actor === null ? t('recordTimeline.system') : ''}</span>
              </div>
              <div className="timeline-title">{i.href ? <Link href={i.href}>{i.title}</Link> : i.title}</div>
              {i.body && <div className="timeline-body">{i.body}</div>}
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
