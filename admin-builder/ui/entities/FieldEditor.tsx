import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FieldDef } from '../../../core/shared/metadata.js'
import type { FieldTypeInfo } from '../builder_api.js'
import { CheckInput, LabelInputs, ProblemsOnly, SelectInput, TextInput, useProblemsAt } from '../common/Inputs.js'

const FLAGS = ['required', 'unique', 'indexed', 'search', 'readOnly', 'personal'] as const
const NUMBERS = ['maxLength', 'minLength', 'minimum', 'maximum', 'precision', 'scale', 'retentionDays'] as const
const TEXTUAL = new Set(['string', 'text', 'phone', 'email', 'url', 'enum', 'reference', 'file', 'date', 'datetime', 'duration', 'decimal', 'money'])

/** One field of an entity: type, labels, flags, default, type-specific options (from the field types registry). */
export function FieldEditor({
  name,
  def,
  types,
  entities,
  isNew,
  onChange,
}: {
  name: string
  def: FieldDef
  types: FieldTypeInfo[]
  entities: Array<{ value: string; label: string }>
  isNew?: boolean
  onChange(d: FieldDef | null): void
}) {
  const { t } = useTranslation()
  const at = `/fields/${name}`
  const problems = useProblemsAt(at, true)
  const type = types.find((x) => x.name === def.type)
  const offers = (option: string) => !type || type.options.includes(option)
  const set = (patch: Partial<FieldDef>) => {
    const next = { ...def, ...patch } as Record<string, unknown>
    for (const k of Object.keys(next)) if (next[k] === undefined || next[k] === false) delete next[k]
    onChange(next as unknown as FieldDef)
  }
  const [defaultText, setDefaultText] = useState(def.default === undefined ? '' : TEXTUAL.has(def.type) ? String(def.default) : JSON.stringify(def.default))
  const setDefault = (text: string) => {
    setDefaultText(text)
    if (text === '') return set({ default: undefined })
    if (TEXTUAL.has(def.type)) return set({ default: text })
    try {
      set({ default: JSON.parse(text) })
    } catch {
      set({ default: text })
    }
  }
  return (
    <details className={`field-card${problems.length ? ' has-problem' : ''}`} open={isNew || problems.length > 0 || undefined} data-field={name}>
      <summary>
        {def.label?.uk ?? name} <code className="muted">{name}</code> <span className="tag">{t(`fieldTypes.${def.type}`, { defaultValue: def.type })}</span>
        {def.required && <span className="tag">*</span>}
      </summary>
      <ProblemsOnly pointer={at} />
      <div className="row">
        <SelectInput
          label={t('builder.entities.type')}
          pointer={`${at}/type`}
          value={def.type}
          options={[
            ...(types.some((x) => x.name === def.type) ? [] : [{ value: def.type, label: def.type }]),
            ...types.map((x) => ({ value: x.name, label: t(`fieldTypes.${x.name}`, { defaultValue: x.name }) })),
          ]}
          onChange={(v) => set({ type: v as FieldDef['type'] })}
        />
        <LabelInputs label={t('builder.label')} pointer={`${at}/label`} value={def.label} onChange={(v) => set({ label: v })} />
      </div>
      <div className="row">
        <LabelInputs label={t('builder.help')} pointer={`${at}/help`} value={def.help} onChange={(v) => set({ help: v })} />
      </div>
      <div className="row">
        {FLAGS.filter(offers).map((flag) => (
          <CheckInput key={flag} label={t(`builder.entities.${flag}`)} pointer={`${at}/${flag}`} value={def[flag] as boolean | undefined} onChange={(v) => set({ [flag]: v })} />
        ))}
      </div>
      <div className="row">
        <TextInput label={t('builder.entities.default')} pointer={`${at}/default`} value={defaultText} onChange={setDefault} />
        {NUMBERS.filter(offers).map((n) => (
          <TextInput
            key={n}
            type="number"
            size={6}
            label={t(`builder.entities.${n}`)}
            pointer={`${at}/${n}`}
            value={def[n] as number | undefined}
            onChange={(v) => set({ [n]: v === '' ? undefined : Number(v) })}
          />
        ))}
        {offers('pattern') && <TextInput label={t('builder.entities.pattern')} pointer={`${at}/pattern`} value={def.pattern} onChange={(v) => set({ pattern: v || undefined })} />}
        {offers('to') && (
          <SelectInput
            label={t('builder.entities.to')}
            pointer={`${at}/to`}
            value={def.to}
            options={[{ value: '', label: t('builder.select') }, ...entities]}
            onChange={(v) => set({ to: v || undefined })}
          />
        )}
        {offers('onDelete') && (
          <SelectInput
            label={t('builder.entities.onDelete')}
            pointer={`${at}/onDelete`}
            value={def.onDelete}
            options={[{ value: '', label: t('builder.none') }, ...['restrict', 'set_null', 'cascade'].map((v) => ({ value: v, label: t(`builder.entities.onDeleteRules.${v}`) }))]}
            onChange={(v) => set({ onDelete: (v || undefined) as FieldDef['onDelete'] })}
          />
        )}
      </div>
      {offers('options') && <OptionsEditor at={at} def={def} set={set} />}
      <button type="button" className="danger" onClick={() => onChange(null)}>
        {t('builder.entities.removeField')}
      </button>
    </details>
  )
}

/** Enum options: reorder, labels, deprecate (kept for existing records) or remove. */
function OptionsEditor({ at, def, set }: { at: string; def: FieldDef; set(p: Partial<FieldDef>): void }) {
  const { t } = useTranslation()
  const [value, setValue] = useState('')
  const options = def.options ?? []
  const deprecated = new Set(def.deprecatedOptions ?? [])
  const move = (i: number, d: number) => {
    const next = [...options]
    ;[next[i], next[i + d]] = [next[i + d], next[i]]
    set({ options: next })
  }
  const setLabel = (o: string, label: FieldDef['help']) => {
    const labels = { ...(def.optionLabels ?? {}) }
    if (label) labels[o] = label
    else delete labels[o]
    set({ optionLabels: Object.keys(labels).length ? labels : undefined })
  }
  const toggle = (o: string, on: boolean) => {
    const next = new Set(deprecated)
    if (on) next.add(o)
    else next.delete(o)
    set({ deprecatedOptions: next.size ? options.filter((x) => next.has(x)) : undefined })
  }
  return (
    <fieldset className="stack">
      <legend>{t('builder.entities.options')}</legend>
      <ProblemsOnly pointer={`${at}/options`} />
      {options.map((o, i) => (
        <div className="row" key={o}>
          <code>{o}</code>
          <LabelInputs label={o} pointer={`${at}/optionLabels/${o}`} value={def.optionLabels?.[o]} onChange={(v) => setLabel(o, v)} />
          <CheckInput label={t('builder.entities.deprecated')} pointer={`${at}/deprecatedOptions`} value={deprecated.has(o)} onChange={(v) => toggle(o, v)} />
          <button type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`${t('builder.up')}: ${o}`}>
            ↑
          </button>
          <button type="button" disabled={i === options.length - 1} onClick={() => move(i, 1)} aria-label={`${t('builder.down')}: ${o}`}>
            ↓
          </button>
          <button type="button" onClick={() => set({ options: options.filter((x) => x !== o) })} aria-label={`${t('builder.remove')}: ${o}`}>
            ×
          </button>
        </div>
      ))}
      <div className="row">
        <TextInput label={t('builder.entities.option')} pointer={`${at}/options/new`} value={value} onChange={setValue} />
        <button
          type="button"
          disabled={!/^[a-z0-9_]{1,64}$/.test(value) || options.includes(value)}
          onClick={() => {
            set({ options: [...options, value] })
            setValue('')
          }}
        >
          {t('builder.entities.addOption')}
        </button>
      </div>
    </fieldset>
  )
}
