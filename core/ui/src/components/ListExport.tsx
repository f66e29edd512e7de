import { useTranslation } from 'react-i18next'
import type { Filter } from '../../../shared/filter.js'
import { recordsPath } from '../api/client.js'

/** Download links: CSV and XLSX of the current filter, sort, search and visible columns, headers in the UI's language. */
export function ListExport({ entity, filter, sort, q, columns }: { entity: string; filter?: Filter; sort?: string; q?: string; columns: string[] }) {
  const { t, i18n } = useTranslation()
  const href = (format: 'csv' | 'xlsx') =>
    recordsPath(entity, 'export', { format, columns: columns.join(','), filter: filter ? JSON.stringify(filter) : undefined, sort, q, lang: i18n.language === 'en' ? 'en' : 'uk' })
  return (
    <details className="menu export">
      <summary className="button">{t('lists.export.title')}</summary>
      <div className="menu-panel" role="group" aria-label={t('lists.export.hint')}>
        <p className="muted">{t('lists.export.hint')}</p>
        <a className="button" href={href('xlsx')} download>
          {t('lists.export.xlsx')}
        </a>{' '}
        <a className="button" href={href('csv')} download>
          {t('lists.export.csv')}
        </a>
      </div>
    </details>
  )
}
