import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { ScreenDef } from '../../../../core/ui/src/extensions.js'
import { useLabel } from '../../../../core/ui/src/labels.js'
import { AdminShell } from '../../../../admin-builder/ui/AdminShell.js'
import { useDraft } from '../../../../admin-builder/ui/DraftContext.js'
import { Loading, PublishBar } from '../../../../admin-builder/ui/common/EditorParts.js'
import { formatHumanDuration } from '../../sla/human_duration.js'
import { SlaEditor } from './SlaEditor.js'
import { CalendarEditor } from './CalendarEditor.js'
import './sla.css'

type Label = { uk: string; en?: string }

/** Every SLA (with its normal-priority targets) and every calendar, each a link to its designer. */
function Overview() {
  const { t, i18n } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const slas = draft.docs<any>('sla')
  const calendars = draft.docs<any>('calendar')
  const users = (kind: string, key: string) => (kind === 'sla' ? draft.docs<any>('request_type').filter((rt) => rt.sla === key).length : slas.filter((s) => s.calendar === key).length)
  if (draft.error) return <Loading failed={draft.error} />
  return (
    <div className="sla-overview">
      <section aria-labelledby="sla-list">
        <h2 id="sla-list">{t('sla.slas')}</h2>
        <table className="records">
          <thead>
            <tr>
              <th scope="col">{t('rt.name')}</th>
              <th scope="col">{t('sla.calendar')}</th>
              <th scope="col">{t('sla.normalTargets')}</th>
              <th scope="col">{t('sla.usedBy')}</th>
            </tr>
          </thead>
          <tbody>
            {slas.map((s) => (
              <tr key={s.key}>
                <td>
                  <Link href={`/admin/sla/${s.key}`}>{label(s.label as Label, s.key)}</Link>
                </td>
                <td>{label(calendars.find((c) => c.key === s.calendar)?.label, s.calendar)}</td>
                <td>
                  {formatHumanDuration(s.targets?.normal?.response, i18n.language)} / {formatHumanDuration(s.targets?.normal?.resolution, i18n.language)}
                </td>
                <td>{t('sla.types', { count: users('sla', s.key) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="cal-list">
        <h2 id="cal-list">{t('cal.calendars')}</h2>
        <table className="records">
          <thead>
            <tr>
              <th scope="col">{t('rt.name')}</th>
              <th scope="col">{t('cal.timeZone')}</th>
              <th scope="col">{t('sla.usedBy')}</th>
            </tr>
          </thead>
          <tbody>
            {calendars.map((c) => (
              <tr key={c.key}>
                <td>
                  <Link href={`/admin/calendars/${c.key}`}>{label(c.label as Label, c.key)}</Link>
                </td>
                <td>{c.alwaysOpen ? t('cal.alwaysOpenShort') : (c.timeZone ?? 'Europe/Kyiv')}</td>
                <td>{t('sla.slaCount', { count: users('calendar', c.key) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <PublishBar />
    </div>
  )
}

function OverviewScreen() {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('sla.title')}>
      <Overview />
    </AdminShell>
  )
}

function SlaScreen({ params }: { params: Record<string, string | undefined> }) {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('sla.editTitle')}>
      <SlaEditor key={params.key} slaKey={params.key ?? ''} />
    </AdminShell>
  )
}

function CalendarScreen({ params }: { params: Record<string, string | undefined> }) {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('cal.editTitle')}>
      <CalendarEditor key={params.key} calendarKey={params.key ?? ''} />
    </AdminShell>
  )
}

export const screen: ScreenDef[] = [
  { path: '/admin/sla', Component: OverviewScreen, adminTab: { label: { uk: 'SLA і календарі', en: 'SLAs and calendars' }, order: 40, kinds: ['sla', 'calendar'] } },
  { path: '/admin/sla/:key', Component: SlaScreen },
  { path: '/admin/calendars/:key', Component: CalendarScreen },
]
