import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FormFieldOptions } from '../../../core/shared/metadata.js'
import { JsonInput, LabelInputs, SelectInput } from '../common/Inputs.js'

const WIDGETS = ['text', 'textarea', 'select', 'radio', 'checkbox', 'updown', 'range', 'buttons', 'address', 'phone', 'duration', 'datetime'] as const
const CONDITIONS = ['visibleIf', 'requiredIf', 'readOnlyIf'] as const

/** A field's presentation on this form: widget, help text, and conditions (filters on the record's own fields). */
export function FieldSettings({ name, label, options = {}, onChange }: { name: string; label: string; options?: FormFieldOptions; onChange(o: FormFieldOptions | undefined): void }) {
  const { t } = useTranslation()
  const at = `/fieldOptions/${name}`
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(CONDITIONS.map((c) => [c, options[c] ? JSON.stringify(options[c]) : ''])))
  const [bad, setBad] = useState<Record<string, boolean>>({})
  const set = (patch: Partial<FormFieldOptions>) => {
    const next: Record<string, unknown> = { ...options, ...patch }
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k]
    onChange(next as FormFieldOptions)
  }
  const setCondition = (c: (typeof CONDITIONS)[number], text: string) => {
    setTexts({ ...texts, [c]: text })
    if (!text.trim()) {
      setBad({ ...bad, [c]: false })
      return set({ [c]: undefined })
    }
    try {
      const parsed = JSON.parse(text)
      setBad({ ...bad, [c]: false })
      set({ [c]: parsed })
    } catch {
      setBad({ ...bad, [c]: true })
    }
  }
  return (
    <fieldset className="stack field-card" aria-label={t('builder.forms.fieldSettings', { name: label })}>
      <legend>{t('builder.forms.fieldSettings', { name: label })}</legend>
      <SelectInput
        label={t('builder.forms.widget')}
        pointer={`${at}/widget`}
        value={options.widget}
        options={[{ value: '', label: t('builder.forms.widgetDefault') }, ...WIDGETS.map((w) => ({ value: w, label: w }))]}
        onChange={(v) => set({ widget: (v || undefined) as FormFieldOptions['widget'] })}
      />
      <div className="row">
        <LabelInputs label={t('builder.help')} pointer={`${at}/help`} value={options.help} onChange={(v) => set({ help: v })} />
      </div>
      {CONDITIONS.map((c) => (
        <div key={c}>
          <JsonInput label={t(`builder.forms.${c}`)} pointer={`${at}/${c}`} text={texts[c]} onText={(v) => setCondition(c, v)} />
          {bad[c] && <p className="field-error">{t('builder.forms.badJson')}</p>}
        </div>
      ))}
      <p className="muted">{'{"priority": {"eq": "emergency"}}'}</p>
    </fieldset>
  )
}
