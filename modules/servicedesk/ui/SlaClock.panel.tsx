import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PanelDef } from '../../../core/ui/src/extensions.js'
import type { UiEntity } from '../../../core/ui/src/types/bootstrap.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import { get } from '../../../core/ui/src/api/client.js'
import { formatDateTime } from '../../../core/ui/src/labels.js'
import { durationToHuman } from '../../../core/ui/src/form/values.js'
import './servicedesk.css'

/** GET /api/v1/actions/servicedesk.sla (modules/servicedesk/actions/sla_status.ts). */
export interface SlaNow {
  responseDue: string
  resolutionDue: string
  remainingMinutes: number
  usedPercent: number
  paused: boolean
  pausedMinutes: number
  warning: boolean
  responseBreached: boolean
  resolutionBreached: boolean
  escalationLevel: number
  /** The escalation ladder's step reached, by its level's name; null before the first. */
  escalation: { level: string; step: number; of: number } | null
}

export type SlaTone = 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'late'

/** The clock's colour and word: done in time or late, breached, paused, near the limit, or fine. */
export function slaTone(sla: SlaNow, resolved: boolean): SlaTone {
  if (resolved) return sla.resolutionBreached ? 'late' : 'met'
  if (sla.resolutionBreached || sla.responseBreached) return 'breached'
  if (sla.paused) return 'paused'
  return sla.warning ? 'warning' : 'ok'
}

const REFRESH_MS = 60_000

/** The request's SLA clock: due instants in Kyiv time, time left (business hours), paused, breached, coloured. */
function SlaClock({ record }: { entity: UiEntity; record: RecordData }) {
  const { t, i18n } = useTranslation()
  const [sla, setSla] = useState<SlaNow | null>()
  const [tick, setTick] = useState(0)
  useEffect(() => {
    let live = true
    get<{ data: SlaNow | null }>(`/api/v1/actions/servicedesk.sla?ticket=${encodeURIComponent(record.id)}`)
      .then((r) => live && setSla(r.data))
      .catch(() => live && setSla(null))
    return () => {
      live = false
    }
  }, [record.id, record.version, tick])
  // business time moves on: the clock is asked again every minute
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS)
    return () => clearInterval(timer)
  }, [])
  if (!sla) return null
  const lang = i18n.language
  const resolved = typeof record.resolved_at === 'string' && !!record.resolved_at
  const tone = slaTone(sla, resolved)
  const minutes = (m: number) => durationToHuman(`PT${Math.max(1, Math.round(Math.abs(m)))}M`, lang)
  const headline =
    tone === 'met'
      ? t('ticketSla.met')
      : tone === 'late'
        ? t('ticketSla.late')
        : tone === 'paused'
          ? t('ticketSla.pausedLeft', { left: minutes(sla.remainingMinutes) })
          : sla.remainingMinutes < 0
            ? t('ticketSla.overdueBy', { left: minutes(sla.remainingMinutes) })
            : t('ticketSla.left', { left: minutes(sla.remainingMinutes) })
  const used = Math.min(100, Math.max(0, sla.usedPercent))
  return (
    <section className={`panel sla-clock tone-${tone}`} aria-labelledby="sla-title">
      <div className="sla-head">
        <h2 id="sla-title">{t('ticketSla.title')}</h2>
        <span className={`sla-badge tone-${tone}`}>{t(`ticketSla.tone.${tone}`)}</span>
        <strong className="sla-headline" role="status">
          {headline}
        </strong>
      </div>
      <div className="sla-bar" role="progressbar" aria-label={t('ticketSla.used')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={used} aria-valuetext={`${sla.usedPercent}%`}>
        <span style={{ width: `${used}%` }} />
      </div>
      <dl className="sla-facts">
        <div className={sla.responseBreached ? 'breached' : ''}>
          <dt>{t('ticketSla.responseDue')}</dt>
          <dd>
            <time dateTime={sla.responseDue}>{formatDateTime(sla.responseDue, lang)}</time>
            {sla.responseBreached && <span className="sla-flag"> · {t('ticketSla.breachedWord')}</span>}
          </dd>
        </div>
        <div className={sla.resolutionBreached ? 'breached' : ''}>
          <dt>{t('ticketSla.resolutionDue')}</dt>
          <dd>
            <time dateTime={sla.resolutionDue}>{formatDateTime(sla.resolutionDue, lang)}</time>
            {sla.resolutionBreached && <span className="sla-flag"> · {t('ticketSla.breachedWord')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('ticketSla.used')}</dt>
          <dd>{sla.usedPercent}%</dd>
        </div>
        {sla.pausedMinutes > 0 && (
          <div>
            <dt>{t('ticketSla.pausedFor')}</dt>
            <dd>{minutes(sla.pausedMinutes)}</dd>
          </div>
        )}
        {sla.escalation && (
          <div>
            <dt>{t('ticketSla.escalation')}</dt>
            <dd className="sla-escalation">
              {t('ticketSla.escalationStep', { level: t(`ticketSla.levels.${sla.escalation.level}`, { defaultValue: sla.escalation.level }), step: sla.escalation.step, of: sla.escalation.of })}
            </dd>
          </div>
        )}
      </dl>
      <p className="muted sla-note">{t('ticketSla.kyiv')}</p>
    </section>
  )
}

export const panel: PanelDef = { entity: 'ticket', slot: 'head', order: 0, key: 'sla', Component: SlaClock }
