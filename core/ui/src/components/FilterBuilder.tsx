import { useTranslation } from 'react-i18next'
import type { OperatorName } from '../../../shared/filter.js'
import type { UiEntity } from '../types/bootstrap.js'
import { useLabel } from '../labels.js'
import { filterableFields, operatorsFor, type Condition } from '../list/filter.js'
import { ReferencePicker } from './ReferencePicker.js'

let nextId = 1

/** Conditions on choice, reference, text and yes/no fields, AND-ed into the shared filter JSON. */
export function FilterBuilder({ entity, conditions, onChange }: { entity: UiEntity; conditions: Condition[]; onChange(c: Condition[]): void }) {
  const { t } = useTranslation()
  const label = useLabel()
  const fields = filterableFields(entity)
  if (!fields.length) return null
  const update = (id: number, patch: Partial<Condition>) => onChange(conditions.map((c) => (c.id === id ? { ...c, ...patch } : c)))
  const add = () => {
    const [name, field] = fields[0]
    onChange([...conditions, { id: nextId++, field: name, op: operatorsFor(field)[0], value: '' }])
  }
  return (
    <fieldset className="filter">
      <legend>{t('filter.title')}</legend>
      {conditions.map((c, i) => {
        const field = entity.fields[c.field]
        const n = i + 1
        return (
          <div className="condition" key={c.id}>
            <select aria-label={`${t('filter.field')} ${n}`} value={c.field} onChange={(e) => update(c.id, { field: e.target.value, op: operatorsFor(entity.fields[e.target.value])[0], value: '' })}>
              {fields.map(([name, f]) => (
                <option key={name} value={name}>
                  {label(f.label, name)}
                </option>
              ))}
            </select>
            <select aria-label={`${t('filter.operator')} ${n}`} value={c.op} onChange={(e) => update(c.id, { op: e.target.value as OperatorName })}>
              {operatorsFor(field).map((op) => (
                <option key={op} value={op}>
                  {t(`filter.ops.${op}`)}
                </option>
              ))}
            </select>
            {c.op !== 'isNull' && <ValueInput entity={entity} condition={c} n={n} onChange={(value) => update(c.id, { value })} />}
            <button type="button" className="icon" aria-label={`${t('filter.remove')} ${n}`} title={t('filter.remove')} onClick={() => onChange(conditions.filter((x) => x.id !== c.id))}>
              ×
            </button>
          </div>
        )
      })}
      <div className="filter-actions">
        <button type="button" onClick={add}>
          + {t('filter.add')}
        </button>
        {conditions.length > 0 && (
          <button type="button" className="link" onClick={() => onChange([])}>
            {t('filter.clear')}
          </button>
        )}
      </div>
    </fieldset>
  )
}

function ValueInput({ entity, condition, n, onChange }: { entity: UiEntity; condition: Condition; n: number; onChange(v: Condition['value']): void }) {
  const { t } = useTranslation()
  const label = useLabel()
  const field = entity.fields[condition.field]
  const aria = `${t('filter.value')} ${n}`
  if (field.options) {
    return (
      <select aria-label={aria} value={String(condition.value ?? '')} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('filter.any')}</option>
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {label(o.label, o.value)}
          </option>
        ))}
      </select>
    )
  }
  if (field.type === 'boolean') {
    return (
      <select aria-label={aria} value={condition.value === '' ? '' : String(condition.value)} onChange={(e) => onChange(e.target.value === '' ? '' : e.target.value === 'true')}>
        <option value="">{t('filter.any')}</option>
        <option value="true">{t('filter.yes')}</option>
        <option value="false">{t('filter.no')}</option>
      </select>
    )
  }
  if (field.type === 'reference' && field.to && field.toReadable) {
    return <ReferencePicker entityKey={field.to} value={typeof condition.value === 'string' && condition.value ? condition.value : null} label={aria} onChange={(id) => onChange(id ?? '')} />
  }
  return <input aria-label={aria} value={String(condition.value ?? '')} onChange={(e) => onChange(e.target.value)} />
}
