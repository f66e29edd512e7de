import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { ReportMeasure } from '../../../../core/shared/reports.js'
import type { UiEntity } from '../../../../core/ui/src/types/bootstrap.js'
import { SelectInput, TextInput, useProblemsAt } from '../../../../admin-builder/ui/common/Inputs.js'
import { CardButtons } from './ColumnsDesigner.js'
import { labelled } from './DimensionCard.js'
import { useColumnName } from './useColumnName.js'
import { FilterRows } from './FilterRows.js'
import { DATES, MEASURE_FNS, MODULE_MEASURES, NEEDS_NUMBER, NUMERIC, withFn, type PaletteField } from './report_state.js'

const UNITS = ['seconds', 'minutes', 'hours', 'days'] as const

/**
 * One aggregate column: its function (generic or a module's), the field it aggregates (a
 * number, or a duration between two datetime fields), a percentile's `p`, and a condition
 * (required by "share, %", optional otherwise).
 */
export function MeasureCard(props: {
  index: number
  measure: ReportMeasure
  entity: string
  uiEntity?: UiEntity
  palette: PaletteField[]
  count: number
  taken: string[]
  onChange(m: ReportMeasure): void
  onMove(to: number): void
  onRemove(): void
}) {
  const { t } = useTranslation()
  const fnId = useId()
  const m = props.measure
  const at = `/measures/${props.index}`
  const fnProblems = useProblemsAt(`${at}/fn`)
  const moduleFn = m.fn.includes('.')
  const names = useColumnName(props.palette)
  const { fieldName, fnName } = names
  const name = names.measure(m)
  const numeric = NEEDS_NUMBER.has(m.fn)
  const fields = props.palette.filter((f) => (numeric ? NUMERIC.has(f.type) || DATES.has(f.type) : true))
  const modules = MODULE_MEASURES.filter((x) => x.entity === props.entity)
  const field = m.field ? props.palette.find((f) => f.path === m.field) : undefined
  const duration = !!field && DATES.has(field.type)
  const set = (patch: Partial<ReportMeasure>) => {
    const next: ReportMeasure = { ...m, ...patch }
    for (const k of Object.keys(next) as Array<keyof ReportMeasure>) if (next[k] === undefined) delete next[k]
    props.onChange(next)
  }
  return (
    <div className="rd-card" data-measure={m.key}>
      <div className="rd-card-head">
        <strong>{name}</strong>
        <CardButtons index={props.index} count={props.count} name={name} onMove={props.onMove} onRemove={props.onRemove} />
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor={fnId}>{t('rd.fn')}</label>
          <select
            id={fnId}
            value={m.fn}
            aria-invalid={fnProblems.length > 0 || undefined}
            aria-describedby={fnProblems.length ? `${fnId}-err` : undefined}
            onChange={(e) => props.onChange(withFn(m, e.target.value as ReportMeasure['fn'], props.palette, props.taken))}
          >
            {MEASURE_FNS.map((fn) => (
              <option key={fn} value={fn}>
                {fnName(fn)}
              </option>
            ))}
            {modules.length > 0 && (
              <optgroup label={t('rd.moduleMeasures')}>
                {modules.map((x) => (
                  <option key={x.fn} value={x.fn}>
                    {fnName(x.fn)}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          {fnProblems.length > 0 && (
            <p className="field-error" id={`${fnId}-err`} data-pointer={`${at}/fn`}>
              {fnProblems.map((p) => p.message).join('; ')}
            </p>
          )}
        </div>
        {!moduleFn && m.fn !== 'ratio' && (
          <SelectInput
            label={t('rd.field')}
            pointer={`${at}/field`}
            value={m.field ?? ''}
            options={[
              ...(m.fn === 'count' || !m.field ? [{ value: '', label: m.fn === 'count' ? t('rd.noField') : t('rd.none') }] : []),
              ...fields.map((f) => ({ value: f.path, label: fieldName(f.path) })),
            ]}
            onChange={(v) => {
              const f = props.palette.find((x) => x.path === v)
              const dates = !!f && DATES.has(f.type)
              set({ field: v || undefined, from: dates ? m.from : undefined, unit: dates ? (m.unit ?? 'hours') : undefined })
            }}
          />
        )}
        {duration && numeric && (
          <>
            <SelectInput
              label={t('rd.from')}
              pointer={`${at}/from`}
              value={m.from ?? ''}
              options={[{ value: '', label: t('rd.none') }, ...props.palette.filter((f) => DATES.has(f.type) && f.path !== m.field).map((f) => ({ value: f.path, label: fieldName(f.path) }))]}
              onChange={(v) => set({ from: v || undefined })}
            />
            <SelectInput
              label={t('rd.unit')}
              pointer={`${at}/unit`}
              value={m.unit ?? 'hours'}
              options={UNITS.map((u) => ({ value: u, label: t(`rd.units.${u}`) }))}
              onChange={(v) => set({ unit: v as ReportMeasure['unit'] })}
            />
          </>
        )}
        {m.fn === 'percentile' && <TextInput label={t('rd.p')} pointer={`${at}/p`} type="number" size={5} value={m.p} onChange={(v) => set({ p: v === '' ? undefined : Number(v) })} />}
        <TextInput label={t('rd.digits')} pointer={`${at}/digits`} type="number" size={3} value={m.digits} onChange={(v) => set({ digits: v === '' ? undefined : Number(v) })} />
        <TextInput label={t('rd.columnLabel')} pointer={`${at}/label`} value={m.label?.uk} placeholder={name} onChange={(v) => props.onChange(labelled(m, v))} />
        <TextInput label={t('rd.columnKey')} pointer={`${at}/key`} size={14} value={m.key} onChange={(v) => set({ key: v })} />
      </div>
      {m.fn === 'ratio' || m.where ? (
        <div className="rd-where">
          <p className="small">{m.fn === 'ratio' ? t('rd.whereRatio') : t('rd.where')}</p>
          <FilterRows entity={props.uiEntity} value={m.where} pointer={`${at}/where`} label={t('rd.where')} onChange={(where) => set({ where })} />
        </div>
      ) : (
        <details className="rd-where">
          <summary>{t('rd.where')}</summary>
          <FilterRows entity={props.uiEntity} value={m.where} pointer={`${at}/where`} label={t('rd.where')} onChange={(where) => set({ where })} />
        </details>
      )}
    </div>
  )
}
