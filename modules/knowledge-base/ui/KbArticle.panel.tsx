import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { PanelDef } from '../../../core/ui/src/extensions.js'
import type { UiEntity } from '../../../core/ui/src/types/bootstrap.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { formatDateTime, useLabel } from '../../../core/ui/src/labels.js'
import { safeHtml } from './richText.js'
import './kb.css'

/**
 * An article as operators read it: the summary, the text rendered (sanitised), the request
 * types it is for and its validity. The form opens only by "Edit", for those who may update.
 */
function KbArticleReading({ record }: { entity: UiEntity; record: RecordData }) {
  const { t, i18n } = useTranslation()
  const label = useLabel()
  const boot = useSession().boot!
  const body = useMemo(() => safeHtml(String(record.body ?? '')), [record.body])
  const types = Array.isArray(record.request_types) ? (record.request_types as string[]) : []
  const typeLabel = (key: string) => {
    const doc = boot.lookups.request_type?.find((d) => d.key === key)
    return doc ? label(doc.label) : key
  }
  const from = record.valid_from ? formatDateTime(String(record.valid_from), i18n.language, true) : undefined
  const to = record.valid_to ? formatDateTime(String(record.valid_to), i18n.language, true) : undefined
  const expired = !!record.valid_to && String(record.valid_to) < new Date().toISOString().slice(0, 10)
  return (
    <section className="kb-reading" aria-label={t('kb.reading')}>
      {record.summary ? <p className="kb-summary">{String(record.summary)}</p> : null}
      <div className="kb-body" dangerouslySetInnerHTML={{ __html: body }} />
      <dl className="kb-facts">
        <dt>{t('kb.types')}</dt>
        <dd>{types.length ? types.map(typeLabel).join(', ') : t('kb.anyType')}</dd>
        <dt>{t('kb.validity')}</dt>
        <dd className={expired ? 'kb-expired' : undefined}>
          {from || to ? `${from ? t('kb.from', { date: from }) : ''} ${to ? t('kb.to', { date: to }) : ''}`.trim() : t('kb.always')}
          {expired ? ` — ${t('kb.expired')}` : ''}
        </dd>
      </dl>
    </section>
  )
}

export const panel: PanelDef = { entity: 'kb_article', slot: 'head', order: 0, reading: true, Component: KbArticleReading }
