import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { post } from '../../../../core/ui/src/api/client.js'
import { ProblemAlert } from '../../../../core/ui/src/components/ProblemAlert.js'
import { useDraft } from '../../../../admin-builder/ui/DraftContext.js'
import { formatHumanDuration } from '../../sla/human_duration.js'

const PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const

interface Due {
  priority: string
  target: { response: string; resolution: string }
  responseDue: string
  resolutionDue: string
  published: { responseDue: string; resolutionDue: string; target: { response: string; resolution: string } } | null
}

/** A due instant as people in Kyiv read it, with the weekday. */
export function formatDue(iso: string, lang: string) {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'uk-UA', {
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Kyiv',
  }).format(new Date(iso))
}

/** 'YYYY-MM-DDTHH:MM' in Kyiv → the instant (the input is Kyiv wall time whatever the browser's zone). */
function kyivInstant(local: string): string {
  const guess = new Date(`${local}:00Z`)
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(
    guess
  )
  const get = (t: string) => parts.find((p) => p.type === t)!.value
  const shown = new Date(`${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:00Z`)
  return new Date(guess.getTime() - (shown.getTime() - guess.getTime())).toISOString()
}

/**
 * "If a request came now (or at this time), when would it be due?" — computed by the server's
 * SLA clock over the open draft, so unsaved-to-publish changes show, beside the published answer.
 */
export function DueCalculator({ requestType, sla, defaultPriority, disabled }: { requestType?: string; sla?: string; defaultPriority?: string; disabled?: boolean }) {
  const { t, i18n } = useTranslation()
  const draft = useDraft()
  const [priority, setPriority] = useState(defaultPriority ?? 'normal')
  const [at, setAt] = useState('')
  const [due, setDue] = useState<Due>()
  const [error, setError] = useState<unknown>()
  const lang = i18n.language
  const calculate = async () => {
    setError(undefined)
    try {
      const r = await post<{ data: Due }>('/api/v1/actions/servicedesk.sla_preview', {
        draft: draft.draft?.id,
        request_type: requestType,
        sla,
        priority,
        at: at ? kyivInstant(at) : undefined,
      })
      setDue(r.data)
    } catch (e) {
      setError(e)
      setDue(undefined)
    }
  }
  return (
    <section className="calculator" aria-labelledby="calc-title">
      <h3 id="calc-title">{t('sla.calculator')}</h3>
      <div className="calc-inputs">
        <label htmlFor="calc-priority">{t('sla.priority')}</label>
        <select id="calc-priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`sla.priorities.${p}`)}
            </option>
          ))}
        </select>
        <label htmlFor="calc-at">{t('sla.arrivesAt')}</label>
        <input id="calc-at" type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} aria-describedby="calc-at-help" />
        <span id="calc-at-help" className="muted help">
          {t('sla.arrivesAtHelp')}
        </span>
        <button type="button" className="primary" disabled={disabled} onClick={() => void calculate()}>
          {t('sla.calculate')}
        </button>
        {disabled && <span className="muted">{t('sla.saveFirst')}</span>}
      </div>
      <ProblemAlert error={error} messages={(error as any)?.errors?.map((e: any) => `${e.pointer}: ${e.message}`)} />
      {due && (
        <dl className="due" aria-live="polite">
          <dt>{t('sla.responseDue')}</dt>
          <dd>
            <output data-due={due.responseDue} className="response-due">
              {formatDue(due.responseDue, lang)}
            </output>{' '}
            <span className="muted">({formatHumanDuration(due.target.response, lang)})</span>
          </dd>
          <dt>{t('sla.resolutionDue')}</dt>
          <dd>
            <output data-due={due.resolutionDue} className="resolution-due">
              {formatDue(due.resolutionDue, lang)}
            </output>{' '}
            <span className="muted">({formatHumanDuration(due.target.resolution, lang)})</span>
          </dd>
          {due.published && due.published.resolutionDue !== due.resolutionDue && (
            <>
              <dt>{t('sla.publishedResolutionDue')}</dt>
              <dd className="published-due">
                {formatDue(due.published.resolutionDue, lang)} <span className="muted">({formatHumanDuration(due.published.target.resolution, lang)})</span>
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  )
}
