import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { moved } from '../../../../admin-builder/ui/common/EditorParts.js'

export interface RoutingRule {
  when?: unknown
  hours?: { from: string; to: string }
  counterparty: string
  queue?: string
}

/** A rule's condition as JSON text; kept as typed until it parses. */
function WhenInput({ id, value, onChange }: { id: string; value: unknown; onChange(v: unknown): void }) {
  const { t } = useTranslation()
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value))
  const [bad, setBad] = useState(false)
  return (
    <>
      <label htmlFor={id}>{t('rt.when')}</label>
      <textarea
        id={id}
        rows={2}
        value={text}
        aria-invalid={bad || undefined}
        aria-describedby={`${id}-help`}
        placeholder='{"object.level": {"eq": "building"}}'
        onChange={(e) => {
          setText(e.target.value)
          if (!e.target.value.trim()) {
            setBad(false)
            return onChange(undefined)
          }
          try {
            onChange(JSON.parse(e.target.value))
            setBad(false)
          } catch {
            setBad(true)
          }
        }}
      />
      <span id={`${id}-help`} className="muted help">
        {bad ? t('rt.whenInvalid') : t('rt.whenHelp')}
      </span>
    </>
  )
}

/** Routing rules in order (the first that matches wins): condition, hours, company, queue. */
export function RoutingEditor({ rules, onChange }: { rules: RoutingRule[]; onChange(next: RoutingRule[]): void }) {
  const { t } = useTranslation()
  const update = (i: number, patch: Partial<RoutingRule>) => {
    const next = rules.map((r, j) => {
      if (j !== i) return r
      const out: RoutingRule = { ...r, ...patch }
      for (const k of Object.keys(out) as Array<keyof RoutingRule>) if (out[k] === undefined || out[k] === '') delete out[k]
      return out
    })
    onChange(next)
  }
  return (
    <div className="routing">
      <ol>
        {rules.map((r, i) => (
          <li key={i}>
            <fieldset>
              <legend>{t('rt.rule', { n: i + 1 })}</legend>
              <div className="grid-fields">
                <label htmlFor={`rr-${i}-cp`}>{t('rt.counterparty')}</label>
                <input id={`rr-${i}-cp`} value={r.counterparty} aria-describedby={`rr-${i}-cp-help`} onChange={(e) => update(i, { counterparty: e.target.value })} />
                <span id={`rr-${i}-cp-help`} className="muted help">
                  {t('rt.counterpartyHelp')}
                </span>
                <label htmlFor={`rr-${i}-queue`}>{t('rt.queue')}</label>
                <input id={`rr-${i}-queue`} value={r.queue ?? ''} onChange={(e) => update(i, { queue: e.target.value })} />
                <label htmlFor={`rr-${i}-from`}>{t('rt.hoursFrom')}</label>
                <input
                  id={`rr-${i}-from`}
                  type="time"
                  value={r.hours?.from ?? ''}
                  onChange={(e) => update(i, { hours: e.target.value ? { from: e.target.value, to: r.hours?.to ?? '23:59' } : undefined })}
                />
                <label htmlFor={`rr-${i}-to`}>{t('rt.hoursTo')}</label>
                <input id={`rr-${i}-to`} type="time" value={r.hours?.to ?? ''} disabled={!r.hours} onChange={(e) => r.hours && update(i, { hours: { ...r.hours, to: e.target.value } })} />
                <WhenInput id={`rr-${i}-when`} value={r.when} onChange={(when) => update(i, { when })} />
              </div>
              <div className="row-actions">
                <button type="button" disabled={i === 0} onClick={() => onChange(moved(rules, i, i - 1))}>
                  {t('ab.up')}
                </button>
                <button type="button" disabled={i === rules.length - 1} onClick={() => onChange(moved(rules, i, i + 1))}>
                  {t('ab.down')}
                </button>
                <button type="button" className="link" onClick={() => onChange(rules.filter((_, j) => j !== i))}>
                  {t('rt.removeRule', { n: i + 1 })}
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange([...rules, { counterparty: '' }])}>
        {t('rt.addRule')}
      </button>
    </div>
  )
}
