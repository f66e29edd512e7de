import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DashboardDoc, ReportDoc } from '../../../../core/shared/reports.js'
import { ProblemAlert } from '../../../../core/ui/src/components/ProblemAlert.js'
import { useLabel } from '../../../../core/ui/src/labels.js'
import { useDraft } from '../../../../admin-builder/ui/DraftContext.js'
import { SelectInput, TextInput } from '../../../../admin-builder/ui/common/Inputs.js'
import { withPanel } from './report_state.js'

const KEY = /^[a-z][a-z0-9_]{0,62}$/

/**
 * Puts the report on a dashboard (an existing one, or a new one) below its last panel, in the
 * draft; the dashboard is published with the draft. The grid itself is arranged on the dashboard.
 */
export function AddToDashboard({ report, saved }: { report: ReportDoc; saved: boolean }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const dashboards = draft.docs<DashboardDoc>('dashboard').sort((a, b) => label(a.label, a.key).localeCompare(label(b.label, b.key)))
  const [pick, setPick] = useState('')
  const [key, setKey] = useState('')
  const [name, setName] = useState('')
  const [width, setWidth] = useState('6')
  const [done, setDone] = useState<string>()
  const [error, setError] = useState<unknown>()
  const chosen = dashboards.find((d) => d.key === pick)
  const ready = saved && (chosen ? true : KEY.test(key) && !dashboards.some((d) => d.key === key) && !!name.trim())

  async function add() {
    setError(undefined)
    setDone(undefined)
    const base: DashboardDoc = chosen ?? { $schema: '../../../modules/reports/schemas/dashboard.schema.json', kind: 'dashboard', key, label: { uk: name.trim() }, panels: [] }
    if (base.panels.some((p) => p.report === report.key)) {
      setDone(t('rd.dashboardHas', { name: label(base.label, base.key) }))
      return
    }
    try {
      await draft.save('dashboard', base.key, withPanel(base, report.key, Number(width)))
      setDone(t('rd.dashboardAdded', { name: label(base.label, base.key) }))
      setPick(base.key)
    } catch (e) {
      setError(e)
    }
  }

  return (
    <section className="rd-dashboard" aria-labelledby="rd-dashboard-h">
      <h3 id="rd-dashboard-h">{t('rd.dashboard')}</h3>
      <div className="row">
        <SelectInput
          label={t('rd.dashboardPick')}
          pointer="/dashboard/key"
          value={pick}
          options={[{ value: '', label: t('rd.dashboardNew') }, ...dashboards.map((d) => ({ value: d.key, label: label(d.label, d.key) }))]}
          onChange={setPick}
        />
        {!chosen && (
          <>
            <TextInput label={t('rd.dashboardName')} pointer="/dashboard/label" value={name} onChange={setName} />
            <TextInput label={t('rd.dashboardKey')} pointer="/dashboard/new" size={14} value={key} onChange={setKey} />
          </>
        )}
        <SelectInput label={t('rd.dashboardWidth')} pointer="/dashboard/w" value={width} options={['3', '4', '6', '8', '12'].map((w) => ({ value: w, label: w }))} onChange={setWidth} />
        <button type="button" disabled={!ready} onClick={() => void add()}>
          {t('rd.dashboardAdd')}
        </button>
      </div>
      {!saved && <p className="muted small">{t('rd.saveFirst')}</p>}
      {done && (
        <p role="status" className="done">
          {done}
        </p>
      )}
      <ProblemAlert error={error} />
    </section>
  )
}
