import { useTranslation } from 'react-i18next'
import type { UiEntity } from '../types/bootstrap.js'
import type { RecordData } from '../api/types.js'
import { formatDateTime } from '../labels.js'
import { knownName } from '../api/references.js'

/** Version, who created and last changed the record, and when. */
export function RecordDetails({ entity, record }: { entity: UiEntity; record: RecordData }) {
  const { t, i18n } = useTranslation()
  if (!('version' in entity.systemFields)) return null
  const who = (id: unknown) => (typeof id === 'string' ? (knownName('user', id) ?? `#${id.slice(0, 8)}`) : '—')
  const when = (v: unknown) => (typeof v === 'string' ? formatDateTime(v, i18n.language) : '—')
  return (
    <details className="system">
      <summary>{t('record.details')}</summary>
      <dl>
        <dt>{t('record.version')}</dt>
        <dd>{String(record.version ?? '—')}</dd>
        <dt>{t('record.created')}</dt>
        <dd>
          {when(record.created_at)} · {who(record.created_by)}
        </dd>
        <dt>{t('record.updated')}</dt>
        <dd>
          {when(record.updated_at)} · {who(record.updated_by)}
        </dd>
      </dl>
    </details>
  )
}
