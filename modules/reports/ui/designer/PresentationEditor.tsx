import { useTranslation } from 'react-i18next'
import type { PresentationType, ReportDoc, ReportPresentation, ReportSort } from '../../../../core/shared/reports.js'
import { CheckInput, ProblemsOnly, SelectInput, TextInput } from '../../../../admin-builder/ui/common/Inputs.js'
import { ProblemsBelow } from './FilterRows.js'
import { compact } from './report_state.js'

const TYPES: PresentationType[] = ['table', 'kpi', 'bar', 'line', 'area', 'pie', 'heatmap', 'map']
const ICONS: Record<PresentationType, string> = { table: '▦', kpi: '#', bar: '▮', line: '╱', area: '◢', pie: '◔', heatmap: '▩', map: '◎' }

/** How the report is drawn: the type, then the options that type has. */
export function PresentationEditor({ doc, nameOf, onChange }: { doc: ReportDoc; nameOf(key: string): string; onChange(p: ReportPresentation): void }) {
  const { t } = useTranslation()
  const p = doc.presentation
  const dims = doc.dimensions ?? []
  const set = (patch: Partial<ReportPresentation>) => onChange(compact({ ...p, ...patch }))
  const dimOptions = (none: boolean) => [...(none ? [{ value: '', label: t('rd.none') }] : []), ...dims.map((d) => ({ value: d.key, label: nameOf(d.key) }))]
  const axis = ['bar', 'line', 'area', 'pie', 'heatmap'].includes(p.type)
  return (
    <div className="rd-presentation">
      <fieldset className="rd-types">
        <legend>{t('rd.presentation')}</legend>
        <ProblemsOnly pointer="/presentation" />
        <ProblemsOnly pointer="/presentation/type" />
        {TYPES.map((type) => (
          <label key={type} className={`rd-type${p.type === type ? ' on' : ''}`}>
            <input type="radio" name="rd-type" value={type} checked={p.type === type} onChange={() => onChange({ type, ...(p.y ? { y: p.y } : {}) })} />
            <span aria-hidden="true" className="rd-type-icon">
              {ICONS[type]}
            </span>
            {t(`rd.types.${type}`)}
          </label>
        ))}
      </fieldset>
      <div className="row">
        {axis && <SelectInput label={t('rd.x')} pointer="/presentation/x" value={p.x ?? ''} options={dimOptions(true)} onChange={(v) => set({ x: v || undefined })} />}
        {(axis && p.type !== 'pie') || p.type === 'heatmap' ? (
          <SelectInput label={t('rd.series')} pointer="/presentation/series" value={p.series ?? ''} options={dimOptions(true)} onChange={(v) => set({ series: v || undefined })} />
        ) : null}
        {p.type === 'map' && (
          <SelectInput label={t('rd.location')} pointer="/presentation/location" value={p.location ?? ''} options={dimOptions(true)} onChange={(v) => set({ location: v || undefined })} />
        )}
        {p.type === 'bar' && <CheckInput label={t('rd.horizontal')} pointer="/presentation/horizontal" value={p.horizontal} onChange={(v) => set({ horizontal: v || undefined })} />}
        {['bar', 'line', 'area'].includes(p.type) && <CheckInput label={t('rd.stacked')} pointer="/presentation/stacked" value={p.stacked} onChange={(v) => set({ stacked: v || undefined })} />}
        {p.type === 'kpi' && (
          <>
            <CheckInput label={t('rd.compare')} pointer="/presentation/compare" value={p.compare === 'previous_period'} onChange={(v) => set({ compare: v ? 'previous_period' : undefined })} />
            <SelectInput
              label={t('rd.better')}
              pointer="/presentation/better"
              value={p.better ?? 'higher'}
              options={[
                { value: 'higher', label: t('rd.higher') },
                { value: 'lower', label: t('rd.lower') },
              ]}
              onChange={(v) => set({ better: v === 'lower' ? 'lower' : undefined })}
            />
          </>
        )}
      </div>
      {doc.measures.length > 1 && p.type !== 'table' && (
        <fieldset className="rd-y">
          <legend>{t('rd.y')}</legend>
          <ProblemsBelow pointer="/presentation/y" />
          {doc.measures.map((m) => (
            <CheckInput
              key={m.key}
              label={nameOf(m.key)}
              pointer={`/presentation/y/${m.key}`}
              value={!p.y || p.y.includes(m.key)}
              onChange={(on) => {
                const all = doc.measures.map((x) => x.key)
                const cur = p.y ?? all
                const next = all.filter((k) => (k === m.key ? on : cur.includes(k)))
                set({ y: next.length === all.length ? undefined : next })
              }}
            />
          ))}
        </fieldset>
      )}
    </div>
  )
}

/** Sorting by columns and the number of rows. */
export function SortLimit({ doc, nameOf, onChange }: { doc: ReportDoc; nameOf(key: string): string; onChange(patch: { sort?: ReportSort[]; limit?: number }): void }) {
  const { t } = useTranslation()
  const sort = doc.sort ?? []
  const columns = [...(doc.dimensions ?? []), ...doc.measures].map((c) => ({ value: c.key, label: nameOf(c.key) }))
  const setSort = (next: ReportSort[]) => onChange({ sort: next.length ? next : undefined, limit: doc.limit })
  return (
    <div className="rd-sort">
      {sort.map((s, i) => (
        <div className="row" key={i}>
          <SelectInput label={t('rd.sort')} pointer={`/sort/${i}/key`} value={s.key} options={columns} onChange={(v) => setSort(sort.map((x, j) => (j === i ? { ...x, key: v } : x)))} />
          <SelectInput
            label={t('rd.sortDir')}
            pointer={`/sort/${i}/dir`}
            value={s.dir ?? 'asc'}
            options={[
              { value: 'asc', label: t('rd.asc') },
              { value: 'desc', label: t('rd.desc') },
            ]}
            onChange={(v) => setSort(sort.map((x, j) => (j === i ? { ...x, dir: v as 'asc' | 'desc' } : x)))}
          />
          <button type="button" onClick={() => setSort(sort.filter((_, j) => j !== i))} aria-label={t('rd.remove', { name: `${t('rd.sort')} ${i + 1}` })}>
            ×
          </button>
        </div>
      ))}
      <div className="row">
        {columns.length > 0 && (
          <button type="button" onClick={() => setSort([...sort, { key: columns.find((c) => !sort.some((s) => s.key === c.value))?.value ?? columns[0].value, dir: 'desc' }])}>
            + {t('rd.addSort')}
          </button>
        )}
        <TextInput
          label={t('rd.limit')}
          pointer="/limit"
          type="number"
          size={6}
          placeholder="1000"
          value={doc.limit}
          onChange={(v) => onChange({ sort: doc.sort, limit: v === '' ? undefined : Number(v) })}
        />
      </div>
    </div>
  )
}
