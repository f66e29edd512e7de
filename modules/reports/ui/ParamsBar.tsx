import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PeriodValue, ReportDoc, ReportParameter } from '../../../core/shared/reports.js'
import type { UiOption } from '../../../core/ui/src/types/bootstrap.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { ReferencePicker } from '../../../core/ui/src/components/ReferencePicker.js'
import { PERIOD_PRESETS } from './params.js'

type ReportRef = Pick<ReportDoc, 'entity' | 'parameters'>

interface Props {
  parameters: ReportParameter[]
  values: Record<string, unknown>
  onChange(values: Record<string, unknown>): void
  /** The panels' reports: an enum parameter takes its options from the field of a report that declares it. */
  reports: ReportRef[]
}

/** The dashboard's shared parameters above the grid: period, references, enums, text and dates. */
export function ParamsBar({ parameters, values, onChange, reports }: Props) {
  const { t } = useTranslation()
  if (!parameters.length) return null
  const set = (key: string, v: unknown) => onChange({ ...values, [key]: v })
  return (
    <form className="report-params" aria-label={t('reports.parameters')} onSubmit={(e) => e.preventDefault()}>
      {parameters.map((p) => (
        <Parameter key={p.key} parameter={p} value={values[p.key]} onChange={(v) => set(p.key, v)} reports={reports} />
      ))}
    </form>
  )
}

function Parameter({ parameter: p, value, onChange, reports }: { parameter: ReportParameter; value: unknown; onChange(v: unknown): void; reports: ReportRef[] }) {
  const { t } = useTranslation()
  const label = useLabel()
  const boot = useSession().boot!
  const id = useId()
  const name = label(p.label, p.key)
  if (p.type === 'period') return <PeriodPicker label={name} value={value as PeriodValue | undefined} onChange={onChange} />
  if (p.type === 'reference' && p.to && boot.entities.some((e) => e.key === p.to))
    return (
      <div className="report-param">
        <label htmlFor={id}>{name}</label>
        <ReferencePicker id={id} label={name} entityKey={p.to} value={typeof value === 'string' ? value : null} onChange={(v) => onChange(v ?? undefined)} />
      </div>
    )
  if (p.type === 'enum') {
    const options = enumOptions(p, reports, boot.entities)
    return (
      <div className="report-param">
        <label htmlFor={id}>{name}</label>
        <select id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">{t('reports.any')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {label(o.label, o.value)}
            </option>
          ))}
        </select>
      </div>
    )
  }
  return (
    <div className="report-param">
      <label htmlFor={id}>{name}</label>
      <input
        id={id}
        type={p.type === 'date' ? 'date' : 'text'}
        defaultValue={typeof value === 'string' ? value : ''}
        onBlur={(e) => e.target.value !== (value ?? '') && onChange(e.target.value || undefined)}
        onKeyDown={(e) => e.key === 'Enter' && onChange(e.currentTarget.value || undefined)}
      />
    </div>
  )
}

/** Options of an enum parameter: the field's options in the entity of the first report that declares the key. */
function enumOptions(p: ReportParameter, reports: ReportRef[], entities: { key: string; fields: Record<string, { options?: UiOption[] }> }[]): UiOption[] {
  for (const r of reports) {
    const own = r.parameters?.find((q) => q.key === p.key)
    const field = p.field ?? own?.field ?? own?.fields?.[0]
    if (!own || !field) continue
    const options = entities.find((e) => e.key === r.entity)?.fields[field]?.options
    if (options?.length) return options.filter((o) => !o.deprecated && !o.retired)
  }
  return []
}

/** A preset ("Цей місяць") or explicit dates, `to` inclusive. */
function PeriodPicker({ label, value, onChange }: { label: string; value: PeriodValue | undefined; onChange(v: PeriodValue | undefined): void }) {
  const { t } = useTranslation()
  const id = useId()
  const [custom, setCustom] = useState(typeof value === 'object')
  const dates = typeof value === 'object' ? value : undefined
  const today = new Date().toISOString().slice(0, 10)
  return (
    <div className="report-param report-period">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={custom ? 'custom' : typeof value === 'string' ? value : ''}
        onChange={(e) => {
          const v = e.target.value
          setCustom(v === 'custom')
          if (v === 'custom') onChange(dates ?? { from: today.slice(0, 8) + '01', to: today })
          else onChange(v ? (v as PeriodValue) : undefined)
        }}
      >
        <option value="">{t('reports.periods.none')}</option>
        {PERIOD_PRESETS.map((p) => (
          <option key={p} value={p}>
            {t(`reports.periods.${p}`)}
          </option>
        ))}
        <option value="custom">{t('reports.periods.custom')}</option>
      </select>
      {custom && (
        <>
          <label className="report-date">
            <span>{t('reports.from')}</span>
            <input type="date" value={dates?.from ?? ''} max={dates?.to} onChange={(e) => e.target.value && onChange({ from: e.target.value, to: dates?.to ?? e.target.value })} />
          </label>
          <label className="report-date">
            <span>{t('reports.to')}</span>
            <input type="date" value={dates?.to ?? ''} min={dates?.from} onChange={(e) => e.target.value && onChange({ from: dates?.from ?? e.target.value, to: e.target.value })} />
          </label>
        </>
      )}
    </div>
  )
}
