import { useTranslation } from 'react-i18next'
import type { DateBucket, ReportDimension } from '../../../../core/shared/reports.js'
import { ProblemsOnly, SelectInput, TextInput } from '../../../../admin-builder/ui/common/Inputs.js'
import { CardButtons } from './ColumnsDesigner.js'
import { DATES, uniqueKey, type PaletteField } from './report_state.js'

const BUCKETS: DateBucket[] = ['hour', 'day', 'week', 'month', 'quarter', 'year', 'hour_of_day', 'weekday']

/** One grouping column: the field it groups by, a date's bucket, its key and label. */
export function DimensionCard(props: {
  index: number
  dimension: ReportDimension
  field?: PaletteField
  name: string
  count: number
  taken: string[]
  onChange(d: ReportDimension): void
  onMove(to: number): void
  onRemove(): void
}) {
  const { t } = useTranslation()
  const d = props.dimension
  const at = `/dimensions/${props.index}`
  const isDate = props.field ? DATES.has(props.field.type) : !!d.bucket
  const setBucket = (bucket: DateBucket) => {
    // a key still made of the field and the old bucket follows the new bucket
    const auto = d.key === d.field.replace(/\./g, '_') || (d.bucket !== undefined && d.key.startsWith(`${d.field.replace(/\./g, '_')}_${d.bucket}`))
    const key = auto
      ? uniqueKey(
          `${d.field}_${bucket}`,
          props.taken.filter((k) => k !== d.key)
        )
      : d.key
    props.onChange({ ...d, key, bucket })
  }
  return (
    <div className="rd-card" data-dimension={d.key}>
      <div className="rd-card-head">
        <strong>{props.name}</strong>
        <CardButtons index={props.index} count={props.count} name={props.name} onMove={props.onMove} onRemove={props.onRemove} />
      </div>
      <ProblemsOnly pointer={`${at}/field`} />
      <div className="row">
        {isDate && (
          <SelectInput
            label={t('rd.bucket')}
            pointer={`${at}/bucket`}
            value={d.bucket ?? ''}
            options={BUCKETS.map((b) => ({ value: b, label: t(`rd.buckets.${b}`) }))}
            onChange={(v) => setBucket(v as DateBucket)}
          />
        )}
        <TextInput label={t('rd.columnLabel')} pointer={`${at}/label`} value={d.label?.uk} placeholder={props.name} onChange={(v) => props.onChange(labelled(d, v))} />
        <TextInput label={t('rd.columnKey')} pointer={`${at}/key`} size={14} value={d.key} onChange={(v) => props.onChange({ ...d, key: v })} />
      </div>
    </div>
  )
}

/** The column with its Ukrainian label set (the English one kept), or without a label when cleared. */
export function labelled<T extends { label?: { uk: string; en?: string } }>(column: T, uk: string): T {
  const next = { ...column }
  if (uk) next.label = { ...(column.label?.en ? { en: column.label.en } : {}), uk }
  else delete next.label
  return next
}
