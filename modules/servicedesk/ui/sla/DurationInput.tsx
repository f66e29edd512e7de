import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatHumanDuration, parseHumanDuration } from '../../sla/human_duration.js'

/**
 * A business duration typed as people say it ("3 робочі дні", "4 год"), stored as ISO 8601
 * (shown beside it). Empty is allowed when `optional` (e.g. a type's own target: none = the SLA's).
 */
export function DurationInput({
  id,
  label,
  value,
  onChange,
  optional,
  placeholder,
  hideLabel,
}: {
  id: string
  label: string
  value: string | undefined
  onChange(iso: string | undefined): void
  optional?: boolean
  placeholder?: string
  hideLabel?: boolean
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const [text, setText] = useState(value ? formatHumanDuration(value, lang) : '')
  const [bad, setBad] = useState(false)
  useEffect(() => {
    setText(value ? formatHumanDuration(value, lang) : '')
    setBad(false)
  }, [value, lang])
  const commit = () => {
    if (!text.trim()) {
      setBad(!optional)
      if (optional) onChange(undefined)
      return
    }
    const iso = parseHumanDuration(text)
    setBad(!iso)
    if (iso) {
      onChange(iso)
      setText(formatHumanDuration(iso, lang))
    }
  }
  return (
    <span className="duration">
      <label htmlFor={id} className={hideLabel ? 'sr-only' : undefined}>
        {label}
      </label>
      <input
        id={id}
        value={text}
        placeholder={placeholder}
        aria-invalid={bad || undefined}
        aria-describedby={`${id}-iso`}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit()
        }}
      />
      <span id={`${id}-iso`} className={bad ? 'iso bad' : 'iso muted'}>
        {bad ? t('sla.badDuration') : value ? `ISO ${value}` : optional ? t('sla.inherited') : ''}
      </span>
    </span>
  )
}
