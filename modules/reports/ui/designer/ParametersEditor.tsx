import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PeriodPreset, ReportParameter } from '../../../../core/shared/reports.js'
import { useLabel } from '../../../../core/ui/src/labels.js'
import { ReferencePicker } from '../../../../core/ui/src/components/ReferencePicker.js'
import { CheckInput, SelectInput, TextInput, useProblemsAt } from '../../../../admin-builder/ui/common/Inputs.js'
import type { UiEntity } from '../../../../core/ui/src/types/bootstrap.js'
import { CardButtons } from './ColumnsDesigner.js'
import { labelled } from './DimensionCard.js'
import { DATES, parameterTemplates, uniqueKey, type PaletteField } from './report_state.js'

export const PERIODS: PeriodPreset[] = ['today', 'yesterday', 'this_week', 'last_week', 'last_7_days', 'this_month', 'last_month', 'last_30_days', 'this_quarter', 'this_year', 'last_365_days']
const TYPES: Array<ReportParameter['type']> = ['period', 'reference', 'enum', 'string', 'date']

/**
 * The values a viewer picks (period, company, district, request type…): ready-made ones for
 * the entity, or any field; each with its default.
 */
export function ParametersEditor({ parameters, palette, uiEntity, onChange }: { parameters: ReportParameter[]; palette: PaletteField[]; uiEntity?: UiEntity; onChange(p: ReportParameter[]): void }) {
  const { t } = useTranslation()
  const label = useLabel()
  const [pick, setPick] = useState('')
  const templates = parameterTemplates(palette).filter((p) => !parameters.some((x) => x.key === p.key))
  const add = () => {
    const template = templates.find((p) => p.key === pick)
    const next = template ?? {
      key: uniqueKey(
        'param',
        parameters.map((p) => p.key)
      ),
      type: 'string' as const,
      label: { uk: t('rd.paramField') },
    }
    onChange([...parameters, next])
    setPick('')
  }
  return (
    <div className="rd-parameters">
      {parameters.map((p, i) => (
        <ParameterCard
          key={i}
          index={i}
          parameter={p}
          count={parameters.length}
          palette={palette}
          uiEntity={uiEntity}
          onChange={(next) => onChange(parameters.map((x, j) => (j === i ? next : x)))}
          onMove={(to) => {
            const list = [...parameters]
            const [item] = list.splice(i, 1)
            list.splice(to, 0, item)
            onChange(list)
          }}
          onRemove={() => onChange(parameters.filter((_, j) => j !== i))}
        />
      ))}
      <div className="row">
        <SelectInput
          label={t('rd.paramTemplate')}
          pointer="/parameters/-"
          value={pick}
          options={[{ value: '', label: t('rd.paramField') }, ...templates.map((p) => ({ value: p.key, label: label(p.label, p.key) }))]}
          onChange={setPick}
        />
        <button type="button" onClick={add}>
          + {t('rd.addParameter')}
        </button>
      </div>
    </div>
  )
}

function ParameterCard(props: {
  index: number
  parameter: ReportParameter
  count: number
  palette: PaletteField[]
  uiEntity?: UiEntity
  onChange(p: ReportParameter): void
  onMove(to: number): void
  onRemove(): void
}) {
  const { t } = useTranslation()
  const label = useLabel()
  const p = props.parameter
  const at = `/parameters/${props.index}`
  const name = label(p.label, p.key)
  const set = (patch: Partial<ReportParameter>) => {
    const next: ReportParameter = { ...p, ...patch }
    for (const k of Object.keys(next) as Array<keyof ReportParameter>) if (next[k] === undefined) delete next[k]
    props.onChange(next)
  }
  const fitting = props.palette.filter((f) =>
    p.type === 'period' || p.type === 'date'
      ? DATES.has(f.type)
      : p.type === 'reference'
        ? f.type === 'reference'
        : p.type === 'enum'
          ? !!f.options || !!props.uiEntity?.fields[f.path]?.options
          : f.type === 'string' || !!f.options
  )
  const found = props.palette.find((f) => f.path === p.field)
  // a string field named after a metadata kind (request_type) has its documents as options in the bootstrap
  const lookup = p.field ? props.uiEntity?.fields[p.field]?.options : undefined
  const field = found && !found.options && lookup ? { ...found, options: lookup.filter((o) => !o.retired) } : found
  return (
    <div className="rd-card" data-parameter={p.key}>
      <div className="rd-card-head">
        <strong>{name}</strong>
        <CardButtons index={props.index} count={props.count} name={name} onMove={props.onMove} onRemove={props.onRemove} />
      </div>
      <div className="row">
        <TextInput label={t('rd.columnLabel')} pointer={`${at}/label`} value={p.label?.uk} onChange={(v) => props.onChange(labelled(p, v))} />
        <TextInput label={t('rd.paramKey')} pointer={`${at}/key`} size={12} value={p.key} onChange={(v) => set({ key: v })} />
        <SelectInput
          label={t('rd.paramType')}
          pointer={`${at}/type`}
          value={p.type}
          options={TYPES.map((x) => ({ value: x, label: t(`rd.paramTypes.${x}`) }))}
          onChange={(v) => set({ type: v as ReportParameter['type'], default: undefined })}
        />
        {p.fields ? (
          <TextInput
            label={t('rd.paramFields')}
            pointer={`${at}/fields`}
            value={p.fields.join(', ')}
            onChange={(v) => {
              const list = v
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
              set({ fields: list.length ? list : undefined, field: list.length ? undefined : p.field })
            }}
          />
        ) : (
          <SelectInput
            label={t('rd.paramField')}
            pointer={`${at}/field`}
            value={p.field ?? ''}
            options={[{ value: '', label: t('rd.none') }, ...fitting.map((f) => ({ value: f.path, label: label(f.label, f.path) }))]}
            onChange={(v) => {
              const f = props.palette.find((x) => x.path === v)
              set({ field: v || undefined, ...(p.type === 'reference' ? { to: f?.to } : {}), default: undefined })
            }}
          />
        )}
        <DefaultInput parameter={p} field={field} at={at} onChange={(v) => set({ default: v })} />
        <CheckInput label={t('rd.paramRequired')} pointer={`${at}/required`} value={p.required} onChange={(v) => set({ required: v || undefined })} />
      </div>
    </div>
  )
}

function DefaultInput({ parameter: p, field, at, onChange }: { parameter: ReportParameter; field?: PaletteField; at: string; onChange(v: unknown): void }) {
  const { t } = useTranslation()
  const label = useLabel()
  const id = useId()
  const problems = useProblemsAt(`${at}/default`, true)
  if (p.type === 'period') {
    const value = typeof p.default === 'string' ? p.default : ''
    return (
      <SelectInput
        label={t('rd.paramDefault')}
        pointer={`${at}/default`}
        value={value}
        options={[{ value: '', label: t('rd.noDefault') }, ...PERIODS.map((x) => ({ value: x, label: t(`rd.periods.${x}`) }))]}
        onChange={(v) => onChange(v || undefined)}
      />
    )
  }
  if (p.type === 'enum' || (p.type === 'string' && field?.options)) {
    return (
      <SelectInput
        label={t('rd.paramDefault')}
        pointer={`${at}/default`}
        value={typeof p.default === 'string' ? p.default : ''}
        options={[{ value: '', label: t('rd.noDefault') }, ...(field?.options ?? []).map((o) => ({ value: o.value, label: label(o.label, o.value) }))]}
        onChange={(v) => onChange(v || undefined)}
      />
    )
  }
  if (p.type === 'reference' && p.to) {
    return (
      <div className="field">
        <label htmlFor={id}>{t('rd.paramDefault')}</label>
        <ReferencePicker
          id={id}
          entityKey={p.to}
          label={t('rd.paramDefault')}
          value={typeof p.default === 'string' ? p.default : null}
          invalid={problems.length > 0}
          onChange={(v) => onChange(v ?? undefined)}
        />
        {problems.length > 0 && <p className="field-error">{problems.map((x) => x.message).join('; ')}</p>}
      </div>
    )
  }
  return (
    <TextInput
      label={t('rd.paramDefault')}
      pointer={`${at}/default`}
      type={p.type === 'date' ? 'date' : 'text'}
      value={typeof p.default === 'string' ? p.default : ''}
      onChange={(v) => onChange(v || undefined)}
    />
  )
}
