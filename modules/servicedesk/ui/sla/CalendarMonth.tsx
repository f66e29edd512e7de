import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { get } from '../../../../core/ui/src/api/client.js'
import { ProblemAlert } from '../../../../core/ui/src/components/ProblemAlert.js'
import { useLabel } from '../../../../core/ui/src/labels.js'
import { useDraft } from '../../../../admin-builder/ui/DraftContext.js'

interface Day {
  date: string
  weekday: string
  hours: Array<{ from: string; to: string }>
  working: boolean
  holiday?: { uk: string; en?: string }
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

/** A month of the calendar as the draft has it: working days with their hours, days off, holidays. */
export function CalendarMonth({ calendarKey, stale }: { calendarKey: string; stale?: boolean }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const [month, setMonth] = useState(() => new Date().toISOString().slice(0, 7))
  const [days, setDays] = useState<Day[]>()
  const [error, setError] = useState<unknown>()
  const draftId = draft.draft?.id
  const version = draft.draft?.version
  useEffect(() => {
    if (stale || !/^\d{4}-\d{2}$/.test(month)) return
    let live = true
    const q = new URLSearchParams({ calendar: calendarKey, month, ...(draftId ? { draft: draftId } : {}) })
    get<{ data: { days: Day[] } }>(`/api/v1/actions/servicedesk.calendar_month?${q}`)
      .then((r) => live && (setDays(r.data.days), setError(undefined)))
      .catch((e) => live && (setError(e), setDays(undefined)))
    return () => {
      live = false
    }
  }, [calendarKey, month, draftId, version, stale])
  const lead = days?.length ? WEEKDAYS.indexOf(days[0].weekday) : 0
  const cells: Array<Day | null> = [...Array(lead).fill(null), ...(days ?? [])]
  while (cells.length % 7) cells.push(null)
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7))
  const working = days?.filter((d) => d.working).length ?? 0
  return (
    <section className="cal-month" aria-labelledby="cal-month-title">
      <h2 id="cal-month-title">{t('cal.preview')}</h2>
      <label htmlFor="cal-month-input">{t('cal.month')}</label> <input id="cal-month-input" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
      {stale && <p className="muted">{t('cal.saveToPreview')}</p>}
      <ProblemAlert error={error} messages={(error as any)?.errors?.map((e: any) => `${e.pointer}: ${e.message}`)} />
      {days && (
        <>
          <p role="status" className="muted">
            {t('cal.workingDays', { count: working })}
          </p>
          <table className="month">
            <caption className="sr-only">{t('cal.preview')}</caption>
            <thead>
              <tr>
                {WEEKDAYS.map((w) => (
                  <th key={w} scope="col">
                    {t(`cal.short.${w}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((week, i) => (
                <tr key={i}>
                  {week.map((d, j) =>
                    d ? (
                      <td key={d.date} className={`${d.working ? 'working' : 'off'}${d.holiday ? ' holiday' : ''}`} data-date={d.date}>
                        <span className="day">{Number(d.date.slice(8))}</span>
                        <span className="hours">{d.working ? d.hours.map((h) => `${h.from}–${h.to}`).join(', ') : t('cal.dayOff')}</span>
                        {d.holiday && <span className="holiday-name">{label(d.holiday)}</span>}
                      </td>
                    ) : (
                      <td key={`e${j}`} aria-hidden="true" />
                    )
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
