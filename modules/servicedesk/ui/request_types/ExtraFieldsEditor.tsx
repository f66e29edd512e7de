import { useTranslation } from 'react-i18next'

type Schema = Record<string, any>
type Kind = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'date-time' | 'enum'
const KINDS: Kind[] = ['string', 'integer', 'number', 'boolean', 'date', 'date-time', 'enum']

function kindOf(s: Schema): Kind {
  if (Array.isArray(s.oneOf) || Array.isArray(s.enum)) return 'enum'
  if (s.format === 'date' || s.format === 'date-time') return s.format
  return KINDS.includes(s.type) ? s.type : 'string'
}

/** The schema of a field switched to another kind: its title and label stay, the rest is the new kind's. */
function withKind(s: Schema, kind: Kind): Schema {
  const base: Schema = { ...(s.title ? { title: s.title } : {}), ...(s.label ? { label: s.label } : {}) }
  if (kind === 'date' || kind === 'date-time') return { ...base, type: 'string', format: kind }
  if (kind === 'enum') return { ...base, type: 'string', oneOf: [{ const: 'option_1', title: 'Варіант 1' }] }
  return { ...base, type: kind }
}

const num = (v: string) => (v.trim() === '' || Number.isNaN(Number(v)) ? undefined : Number(v))
function set(s: Schema, key: string, value: unknown): Schema {
  const out = { ...s }
  if (value === undefined || value === '') delete out[key]
  else out[key] = value
  return out
}

/** `value=Title` per line ↔ the enum's `oneOf`. */
const optionsText = (s: Schema) => (s.oneOf ?? (s.enum ?? []).map((v: string) => ({ const: v, title: v }))).map((o: any) => `${o.const}=${o.title ?? o.const}`).join('\n')
function parseOptions(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [value, ...title] = l.split('=')
      return { const: value.trim(), title: (title.join('=') || value).trim() }
    })
}

interface Props {
  fields: Record<string, Schema>
  required: string[]
  onChange(fields: Record<string, Schema>, required: string[]): void
}

/**
 * The extra fields of a request type (JSON Schema properties stored in the request's `extra`):
 * key, bilingual title, type, pattern, limits, options, and whether this type requires it.
 */
export function ExtraFieldsEditor({ fields, required, onChange }: Props) {
  const { t, i18n } = useTranslation()
  const entries = Object.entries(fields)
  const update = (i: number, name: string, schema: Schema, isRequired: boolean) => {
    const old = entries[i][0]
    const next = Object.fromEntries(entries.map(([k, v], j) => (j === i ? [name, schema] : [k, v])))
    const req = required.filter((r) => r !== old && r !== name)
    onChange(next, isRequired ? [...req, name] : req)
  }
  const remove = (i: number) => {
    const name = entries[i][0]
    onChange(
      Object.fromEntries(entries.filter((_, j) => j !== i)),
      required.filter((r) => r !== name)
    )
  }
  const add = () => {
    let n = entries.length + 1
    while (fields[`field_${n}`]) n++
    onChange({ ...fields, [`field_${n}`]: { type: 'string', title: t('rt.newField'), label: { uk: t('rt.newField') } } }, required)
  }
  return (
    <div className="extra-fields">
      {entries.length === 0 && <p className="muted">{t('rt.noFields')}</p>}
      {entries.map(([name, s], i) => {
        const kind = kindOf(s)
        const isRequired = required.includes(name)
        const label = s.label ?? { uk: s.title ?? '' }
        const id = `xf-${i}`
        const setLabel = (lang: 'uk' | 'en', value: string) => {
          const next = { ...label, [lang]: value }
          if (!next.en) delete next.en
          update(i, name, { ...s, label: next, title: next.uk }, isRequired)
        }
        const legend = (i18n.language === 'en' ? label.en : label.uk) || label.uk || name
        return (
          <fieldset key={i} className="extra-field">
            <legend>{legend}</legend>
            <div className="grid-fields">
              <label htmlFor={`${id}-name`}>{t('rt.fieldKey')}</label>
              <input id={`${id}-name`} value={name} pattern="^[a-z][a-z0-9_]*$" onChange={(e) => update(i, e.target.value, s, isRequired)} />
              <label htmlFor={`${id}-uk`}>{t('rt.fieldTitleUk')}</label>
              <input id={`${id}-uk`} value={label.uk ?? ''} onChange={(e) => setLabel('uk', e.target.value)} />
              <label htmlFor={`${id}-en`}>{t('rt.fieldTitleEn')}</label>
              <input id={`${id}-en`} value={label.en ?? ''} onChange={(e) => setLabel('en', e.target.value)} />
              <label htmlFor={`${id}-type`}>{t('rt.fieldType')}</label>
              <select id={`${id}-type`} value={kind} onChange={(e) => update(i, name, withKind(s, e.target.value as Kind), isRequired)}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`rt.kind.${k}`)}
                  </option>
                ))}
              </select>
              {kind === 'string' && (
                <>
                  <label htmlFor={`${id}-pattern`}>{t('rt.pattern')}</label>
                  <input id={`${id}-pattern`} value={s.pattern ?? ''} placeholder="^[0-9]{6,10}$" onChange={(e) => update(i, name, set(s, 'pattern', e.target.value), isRequired)} />
                  <label htmlFor={`${id}-minl`}>{t('rt.minLength')}</label>
                  <input id={`${id}-minl`} type="number" min={0} value={s.minLength ?? ''} onChange={(e) => update(i, name, set(s, 'minLength', num(e.target.value)), isRequired)} />
                  <label htmlFor={`${id}-maxl`}>{t('rt.maxLength')}</label>
                  <input id={`${id}-maxl`} type="number" min={0} value={s.maxLength ?? ''} onChange={(e) => update(i, name, set(s, 'maxLength', num(e.target.value)), isRequired)} />
                </>
              )}
              {(kind === 'integer' || kind === 'number') && (
                <>
                  <label htmlFor={`${id}-min`}>{t('rt.minimum')}</label>
                  <input id={`${id}-min`} type="number" value={s.minimum ?? ''} onChange={(e) => update(i, name, set(s, 'minimum', num(e.target.value)), isRequired)} />
                  <label htmlFor={`${id}-max`}>{t('rt.maximum')}</label>
                  <input id={`${id}-max`} type="number" value={s.maximum ?? ''} onChange={(e) => update(i, name, set(s, 'maximum', num(e.target.value)), isRequired)} />
                </>
              )}
              {kind === 'enum' && (
                <>
                  <label htmlFor={`${id}-options`}>{t('rt.options')}</label>
                  <textarea
                    id={`${id}-options`}
                    rows={4}
                    defaultValue={optionsText(s)}
                    aria-describedby={`${id}-options-help`}
                    onBlur={(e) => update(i, name, { ...set(s, 'enum', undefined), oneOf: parseOptions(e.target.value) }, isRequired)}
                  />
                  <span id={`${id}-options-help`} className="muted help">
                    {t('rt.optionsHelp')}
                  </span>
                </>
              )}
            </div>
            <label className="check">
              <input type="checkbox" checked={isRequired} onChange={(e) => update(i, name, s, e.target.checked)} /> {t('rt.requiredForType')}
            </label>
            <button type="button" className="link" onClick={() => remove(i)}>
              {t('rt.removeField', { name: legend })}
            </button>
          </fieldset>
        )
      })}
      <button type="button" onClick={add}>
        {t('rt.addField')}
      </button>
    </div>
  )
}
