import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PanelDef } from '../../../core/ui/src/extensions.js'
import type { UiBootstrap, UiEntity } from '../../../core/ui/src/types/bootstrap.js'
import type { ListResult, RecordData } from '../../../core/ui/src/api/types.js'
import { get, recordsPath } from '../../../core/ui/src/api/client.js'
import { subscribe } from '../../../core/ui/src/api/realtime.js'
import { loadHistory } from '../../../core/ui/src/api/history.js'
import { loadNames } from '../../../core/ui/src/api/references.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { pick } from '../../../core/ui/src/labels.js'
import { historyItems } from '../../../core/ui/src/components/historyItems.js'
import { Timeline, type TimelineItem } from '../../../core/ui/src/components/Timeline.js'
import { displayPhone } from '../../../core/ui/src/form/values.js'
import { FieldActions } from '../../../core/ui/src/components/FieldActions.js'
import './servicedesk.css'

const PARTS = ['comment', 'call', 'message'] as const

/** The records of one part (comments, calls, messages) of a ticket, when the user may read them. */
async function partOf(boot: UiBootstrap, key: (typeof PARTS)[number], ticket: string): Promise<RecordData[]> {
  const entity = boot.entities.find((e) => e.key === key)
  if (!entity?.fields.ticket) return []
  const res = await get<ListResult>(recordsPath(key, undefined, { filter: JSON.stringify({ ticket: { eq: ticket } }), limit: 100, sort: '-created_at' }))
  return res.data
}

const optionLabel = (entity: UiEntity | undefined, field: string, value: unknown, lang: string) => {
  const o = entity?.fields[field]?.options?.find((x) => x.value === value)
  return o ? pick(o.label, lang) : value ? String(value) : ''
}

/**
 * Everything that happened to a request, newest first: its audit (creation, changes, status
 * changes, SLA warnings and breaches), comments, calls and messages. Each part is read through
 * the API as the user may see it; new comments, calls and messages appear live.
 */
function TicketTimeline({ entity, record }: { entity: UiEntity; record: RecordData }) {
  const { t, i18n } = useTranslation()
  const boot = useSession().boot!
  const lang = i18n.language
  const [items, setItems] = useState<TimelineItem[]>()
  const [tick, setTick] = useState(0)

  useEffect(() => {
    let live = true
    const entityOf = (k: string) => boot.entities.find((e) => e.key === k)
    Promise.all([loadHistory(boot, entity, record.id).catch(() => []), ...PARTS.map((k) => partOf(boot, k, record.id).catch(() => []))]).then(async ([history, comments, calls, messages]) => {
      const authors = [...comments, ...calls, ...messages].flatMap((r) => [r.created_by, r.operator]).filter((x): x is string => typeof x === 'string')
      await loadNames(boot, 'user', authors).catch(() => {})
      const out: TimelineItem[] = historyItems(entity, history as Awaited<ReturnType<typeof loadHistory>>, t, lang)
      for (const c of comments as RecordData[]) {
        out.push({
          key: `comment-${c.id}`,
          at: String(c.created_at),
          kind: 'comment',
          actor: (c.created_by as string) ?? null,
          title: c.public ? t('ticketTimeline.publicComment') : t('ticketTimeline.internalComment'),
          href: `/comment/${c.id}`,
          body: <p className="timeline-text">{String(c.body ?? '')}</p>,
        })
      }
      const call = entityOf('call')
      for (const c of calls as RecordData[]) {
        const seconds = typeof c.duration_seconds === 'number' ? c.duration_seconds : undefined
        const parts = [
          optionLabel(call, 'direction', c.direction, lang),
          c.caller ? displayPhone(String(c.caller)) : '',
          optionLabel(call, 'disposition', c.disposition, lang),
          seconds !== undefined ? `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` : '',
        ]
        out.push({
          key: `call-${c.id}`,
          at: String(c.started_at ?? c.created_at),
          kind: 'call',
          actor: (c.operator as string) ?? (c.created_by as string) ?? null,
          title: parts.filter(Boolean).join(' · '),
          href: `/call/${c.id}`,
          // what modules draw for a recording (the telephony's player)
          body: c.recording ? <FieldActions entity="call" field="recording" value={c.recording} record={c} /> : undefined,
        })
      }
      const message = entityOf('message')
      for (const m of messages as RecordData[]) {
        out.push({
          key: `message-${m.id}`,
          at: String(m.sent_at ?? m.created_at),
          kind: 'message',
          actor: (m.operator as string) ?? (m.created_by as string) ?? null,
          title: [optionLabel(message, 'channel', m.channel, lang), optionLabel(message, 'direction', m.direction, lang), m.status ? optionLabel(message, 'status', m.status, lang) : '']
            .filter(Boolean)
            .join(' · '),
          href: `/message/${m.id}`,
          body: <p className="timeline-text">{String(m.body ?? '')}</p>,
        })
      }
      out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
      if (live) setItems(out)
    })
    return () => {
      live = false
    }
  }, [boot, entity, record.id, record.version, tick, t, lang])

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const again = () => {
      clearTimeout(timer)
      timer = setTimeout(() => setTick((n) => n + 1), 300)
    }
    const offs = PARTS.map((k) => subscribe(`entity:${k}`, (e) => e.entity === k && again()))
    return () => (clearTimeout(timer), offs.forEach((off) => off()))
  }, [])

  return (
    <section className="panel ticket-timeline" aria-labelledby="ticket-timeline-title">
      <h2 id="ticket-timeline-title">{t('ticketTimeline.title')}</h2>
      {!items ? <p role="status">{t('app.loading')}</p> : <Timeline items={items} label={t('ticketTimeline.title')} kinds={['status', 'comment', 'call', 'message', 'changed', 'sla']} />}
    </section>
  )
}

export const panel: PanelDef = { entity: 'ticket', order: 50, key: 'ticket_timeline', replaces: ['history'], Component: TicketTimeline }
