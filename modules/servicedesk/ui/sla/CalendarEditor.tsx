import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { MetaDocument } from '../../../../admin-builder/ui/api.js'
import { Loading, LabelInputs, ProblemList, PublishBar, SaveBar } from '../../../../admin-builder/ui/common/EditorParts.js'
import { useDocEditor } from '../../../../admin-builder/ui/common/useDocEditor.js'
import { CalendarMonth } from './CalendarMonth.js'
import './sla.css'

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
type Range = { from: string; to: string }
type Label = { uk: string; en?: string }
type CalendarDoc = MetaDocument & {
  label: Label
  timeZone?: string
  alwaysOpen?: boolean
  week?: Partial<Record<(typeof WEEKDAYS)[number], Range[]>>
  holidays?: { country: string } | false
  martialLaw?: { from: string; to?: string | null }
  exceptions?: Array<{ date: string; hours: Range[]; note?: Label }>
}

/** Working ranges of one day: from–to pairs (two ranges = a break between them); none = a day off. */
function Ranges({ id, legend, ranges, onChange }: { id: string; legend: string; ranges: Range[]; onChange(next: Range[]): void }) {
  const { t } = useTranslation()
  const set = (i: number, patch: Partial<Range>) => onChange(ranges.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  return (
    <fieldset className="ranges">
      <legend>{legend}</legend>
      {ranges.length === 0 && <span className="muted">{t('cal.dayOff')}</span>}
      {ranges.map((r, i) => (
        <span key={i} className="range">
          <label htmlFor={`${id}-${i}-from`} className="sr-only">
            {t('cal.rangeFrom', { day: legend, n: i + 1 })}
          </label>
          <input id={`${id}-${i}-from`} type="time" value={r.from} onChange={(e) => set(i, { from: e.target.value })} />–
          <label htmlFor={`${id}-${i}-to`} className="sr-only">
            {t('cal.rangeTo', { day: legend, n: i + 1 })}
          </label>
          <input id={`${id}-${i}-to`} type="time" value={r.to === '24:00' ? '23:59' : r.to} onChange={(e) => set(i, { to: e.target.value === '23:59' ? '24:00' : e.target.value })} />
          <button type="button" className="link" onClick={() => onChange(ranges.filter((_, j) => j !== i))}>
            {t('cal.removeRange', { day: legend, n: i + 1 })}
          </button>
        </span>
      ))}
      <button
        type="button"
        onClick={() => {
          const last = ranges[ranges.length - 1]
          onChange([...ranges, last ? { from: last.to === '24:00' ? '23:00' : last.to, to: '24:00' } : { from: '08:00', to: '17:00' }])
        }}
      >
        {t('cal.addRange', { day: legend })}
      </button>
    </fieldset>
  )
}

/** A calendar: weekly hours with breaks, public holidays, the martial-law range, dated exceptions, and a month preview. */
export function CalendarEditor({ calendarKey }: { calendarKey: string }) {
  const { t } = useTranslation()
  const editor = useDocEditor<CalendarDoc>('calendar', calendarKey)
  const doc = editor.doc
  if (editor.loading) return <Loading failed={editor.failed} />
  if (!doc) return <p role="alert">{t('cal.notFound', { key: calendarKey })}</p>
  const change = (patch: Partial<CalendarDoc>) => {
    const next = { ...doc, ...patch } as CalendarDoc
    for (const k of Object.keys(patch) as Array<keyof CalendarDoc>) if (next[k] === undefined) delete next[k]
    editor.change(next)
  }
  const exceptions = doc.exceptions ?? []
  const setException = (i: number, patch: Partial<NonNullable<CalendarDoc['exceptions']>[number]>) => change({ exceptions: exceptions.map((e, j) => (j === i ? { ...e, ...patch } : e)) })
  return (
    <div className="calendar-editor rt-editor">
      <p>
        <Link href="/admin/sla">{t('sla.back')}</Link>
      </p>
      <ProblemList problems={editor.problems} />
      <LabelInputs id="cal-label" legend={t('rt.name')} value={doc.label} onChange={(l) => change({ label: l })} />
      <div className="grid-fields">
        <label htmlFor="cal-tz">{t('cal.timeZone')}</label>
        <input id="cal-tz" value={doc.timeZone ?? ''} placeholder="Europe/Kyiv" onChange={(e) => change({ timeZone: e.target.value || undefined })} />
      </div>
      <label className="check">
        <input type="checkbox" checked={doc.alwaysOpen === true} onChange={(e) => change({ alwaysOpen: e.target.checked || undefined, ...(e.target.checked ? {} : { week: doc.week ?? {} }) })} />{' '}
        {t('cal.alwaysOpen')}
      </label>
      {!doc.alwaysOpen && (
        <section aria-labelledby="cal-week">
          <h2 id="cal-week">{t('cal.week')}</h2>
          <div className="week">
            {WEEKDAYS.map((d) => (
              <Ranges key={d} id={`cal-${d}`} legend={t(`cal.days.${d}`)} ranges={doc.week?.[d] ?? []} onChange={(r) => change({ week: { ...doc.week, [d]: r } })} />
            ))}
          </div>
        </section>
      )}
      <section aria-labelledby="cal-holidays">
        <h2 id="cal-holidays">{t('cal.holidaysTitle')}</h2>
        <label className="check">
          <input type="checkbox" checked={!!doc.holidays} onChange={(e) => change({ holidays: e.target.checked ? { country: 'UA' } : undefined })} /> {t('cal.holidaysUA')}
        </label>
        <label className="check">
          <input type="checkbox" checked={!!doc.martialLaw} onChange={(e) => change({ martialLaw: e.target.checked ? { from: '2022-02-24', to: null } : undefined })} /> {t('cal.martialLaw')}
        </label>
        {doc.martialLaw && (
          <div className="grid-fields">
            <label htmlFor="cal-ml-from">{t('cal.martialFrom')}</label>
            <input id="cal-ml-from" type="date" value={doc.martialLaw.from} onChange={(e) => change({ martialLaw: { ...doc.martialLaw!, from: e.target.value } })} />
            <label htmlFor="cal-ml-to">{t('cal.martialTo')}</label>
            <input
              id="cal-ml-to"
              type="date"
              value={doc.martialLaw.to ?? ''}
              aria-describedby="cal-ml-to-help"
              onChange={(e) => change({ martialLaw: { ...doc.martialLaw!, to: e.target.value || null } })}
            />
            <span id="cal-ml-to-help" className="muted help">
              {t('cal.martialToHelp')}
            </span>
          </div>
        )}
      </section>
      <section aria-labelledby="cal-exceptions">
        <h2 id="cal-exceptions">{t('cal.exceptions')}</h2>
        <ol className="exceptions">
          {exceptions.map((ex, i) => (
            <li key={i}>
              <label htmlFor={`cal-ex-${i}-date`}>{t('cal.date')}</label> <input id={`cal-ex-${i}-date`} type="date" value={ex.date} onChange={(e) => setException(i, { date: e.target.value })} />{' '}
              <label htmlFor={`cal-ex-${i}-note`}>{t('cal.note')}</label>{' '}
              <input id={`cal-ex-${i}-note`} value={ex.note?.uk ?? ''} onChange={(e) => setException(i, { note: e.target.value ? { ...ex.note, uk: e.target.value } : undefined })} />
              <Ranges id={`cal-ex-${i}`} legend={ex.date || t('cal.date')} ranges={ex.hours} onChange={(hours) => setException(i, { hours })} />
              <button type="button" className="link" onClick={() => change({ exceptions: exceptions.filter((_, j) => j !== i) })}>
                {t('cal.removeException', { date: ex.date })}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => change({ exceptions: [...exceptions, { date: new Date().toISOString().slice(0, 10), hours: [] }] })}>
          {t('cal.addException')}
        </button>
      </section>
      <SaveBar editor={editor} />
      <CalendarMonth calendarKey={calendarKey} stale={editor.dirty} />
      <PublishBar />
    </div>
  )
}
