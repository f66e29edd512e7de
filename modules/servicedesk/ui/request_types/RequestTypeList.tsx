import { useState } from 'react'
import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import { useLabel } from '../../../../core/ui/src/labels.js'
import { useDraft } from '../../../../admin-builder/ui/DraftContext.js'
import type { MetaDocument } from '../../../../admin-builder/ui/api.js'
import { Loading, PublishBar } from '../../../../admin-builder/ui/common/EditorParts.js'
import { ticketCategories } from './categories.js'
import './request_types.css'

export type RequestTypeDoc = MetaDocument & {
  label: { uk: string; en?: string }
  category: string
  sla: string
  workflow: string
  keywords?: string[]
  active?: boolean
  routing?: Array<{ counterparty: string }>
}

/** The whole directory of request types in one table: search, category, company, SLA, active. */
export function RequestTypeList() {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const [q, setQ] = useState('')
  const [category, setCategory] = useState('')
  const [status, setStatus] = useState<'all' | 'active' | 'retired'>('all')
  const types = draft.docs<RequestTypeDoc>('request_type')
  const slas = new Map(draft.docs('sla').map((s) => [s.key, s.label as { uk: string; en?: string }]))
  const categories = ticketCategories(draft)
  const categoryLabel = new Map(categories.map((c) => [c.key, c.label]))
  const words = q.trim().toLocaleLowerCase('uk').split(/\s+/).filter(Boolean)
  const shown = types
    .filter((rt) => !category || rt.category === category)
    .filter((rt) => status === 'all' || (status === 'retired') === (rt.active === false))
    .filter((rt) => {
      const text = [rt.key, rt.label.uk, rt.label.en ?? '', ...(rt.keywords ?? [])].join(' ').toLocaleLowerCase('uk')
      return words.every((w) => text.includes(w))
    })
    .sort((a, b) => a.label.uk.localeCompare(b.label.uk, 'uk'))
  const changed = (key: string) => !!draft.draft && `request_type/${key}` in draft.draft.changes
  if (draft.error) return <Loading failed={draft.error} />
  return (
    <>
      <div className="toolbar">
        <label htmlFor="rt-search" className="sr-only">
          {t('rt.search')}
        </label>
        <input id="rt-search" type="search" className="search" placeholder={t('rt.search')} value={q} onChange={(e) => setQ(e.target.value)} />
        <label htmlFor="rt-category">{t('rt.category')}</label>
        <select id="rt-category" value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">{t('rt.allCategories')}</option>
          {categories.map((c) => (
            <option key={c.key} value={c.key}>
              {label(c.label)}
            </option>
          ))}
        </select>
        <label htmlFor="rt-status">{t('rt.status')}</label>
        <select id="rt-status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="all">{t('rt.statusAll')}</option>
          <option value="active">{t('rt.statusActive')}</option>
          <option value="retired">{t('rt.statusRetired')}</option>
        </select>
      </div>
      <p className="count" role="status">
        {t('rt.count', { count: shown.length, total: types.length })}
      </p>
      <table className="records rt-table">
        <thead>
          <tr>
            <th scope="col">{t('rt.name')}</th>
            <th scope="col">{t('rt.key')}</th>
            <th scope="col">{t('rt.category')}</th>
            <th scope="col">{t('rt.company')}</th>
            <th scope="col">{t('rt.sla')}</th>
            <th scope="col">{t('rt.active')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((rt) => (
            <tr key={rt.key} className={rt.active === false ? 'retired' : undefined}>
              <td>
                <Link href={`/admin/request-types/${rt.key}`}>{label(rt.label)}</Link>
                {changed(rt.key) && <span className="tag"> {t('rt.inDraft')}</span>}
              </td>
              <td>
                <code>{rt.key}</code>
              </td>
              <td>{categoryLabel.has(rt.category) ? label(categoryLabel.get(rt.category)) : rt.category}</td>
              <td>{rt.routing?.map((r) => r.counterparty).join(' → ') || '—'}</td>
              <td>{label(slas.get(rt.sla), rt.sla)}</td>
              <td>{rt.active === false ? t('rt.retired') : t('rt.yes')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PublishBar />
    </>
  )
}
