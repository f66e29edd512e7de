import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import { useLabel } from '../../../../core/ui/src/labels.js'
import { useDraft } from '../../../../admin-builder/ui/DraftContext.js'
import type { MetaDocument } from '../../../../admin-builder/ui/api.js'
import { Loading, LabelInputs, ProblemList, PublishBar, SaveBar, moved } from '../../../../admin-builder/ui/common/EditorParts.js'
import { useDocEditor } from '../../../../admin-builder/ui/common/useDocEditor.js'
import { DurationInput } from './DurationInput.js'
import { DueCalculator } from './DueCalculator.js'
import { parseHumanDuration, formatHumanDuration } from '../../sla/human_duration.js'
import './sla.css'

const PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const
const LEVELS = ['dispatcher', 'company_head', 'city_supervisor'] as const
type Label = { uk: string; en?: string }
type Step = { after: string | number; level: string; notify?: { role: string } }
type SlaDoc = MetaDocument & {
  label: Label
  calendar: string
  targets: Record<string, { response: string; resolution: string }>
  pauseStates?: string[]
  warnAt?: number
  escalation?: Step[]
}

/** When a step is reached: a share of the resolution target ("80 %") or a business duration. */
function AfterInput({ id, value, onChange }: { id: string; value: string | number; onChange(v: string | number): void }) {
  const { t, i18n } = useTranslation()
  const shown = typeof value === 'number' ? `${Math.round(value * 100)} %` : formatHumanDuration(value, i18n.language)
  return (
    <>
      <label htmlFor={id}>{t('sla.after')}</label>
      <input
        id={id}
        key={shown}
        defaultValue={shown}
        aria-describedby={`${id}-help`}
        onBlur={(e) => {
          const text = e.target.value.trim()
          const pct = /^(\d+(?:[.,]\d+)?)\s*%$/.exec(text)
          if (pct) return onChange(Number(pct[1].replace(',', '.')) / 100)
          const iso = parseHumanDuration(text)
          if (iso) onChange(iso)
        }}
      />
      <span id={`${id}-help`} className="muted help">
        {t('sla.afterHelp')}
      </span>
    </>
  )
}

/** An SLA: targets per priority in human durations, pause states, warning threshold, escalation ladder; due-date calculator. */
export function SlaEditor({ slaKey }: { slaKey: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const editor = useDocEditor<SlaDoc>('sla', slaKey)
  const doc = editor.doc
  if (editor.loading) return <Loading failed={editor.failed} />
  if (!doc) return <p role="alert">{t('sla.notFound', { key: slaKey })}</p>
  const change = (patch: Partial<SlaDoc>) => {
    const next = { ...doc, ...patch } as SlaDoc
    for (const k of ['pauseStates', 'escalation', 'warnAt'] as const) if (next[k] === undefined || (Array.isArray(next[k]) && !(next[k] as unknown[]).length)) delete next[k]
    editor.change(next)
  }
  const calendars = draft.docs('calendar')
  const states = new Map<string, Label>()
  for (const w of draft.docs('workflow')) if (w.entity === 'ticket') for (const [k, s] of Object.entries(w.states as Record<string, { label: Label }>)) if (!states.has(k)) states.set(k, s.label)
  const roles = draft.docs<MetaDocument & { label: Label }>('role')
  const ladder = doc.escalation ?? []
  const setStep = (i: number, step: Step) => change({ escalation: ladder.map((s, j) => (j === i ? step : s)) })

  return (
    <div className="sla-editor rt-editor">
      <p>
        <Link href="/admin/sla">{t('sla.back')}</Link>
      </p>
      <ProblemList problems={editor.problems} />
      <LabelInputs id="sla-label" legend={t('rt.name')} value={doc.label} onChange={(l) => change({ label: l })} />
      <div className="grid-fields">
        <label htmlFor="sla-calendar">{t('sla.calendar')}</label>
        <select id="sla-calendar" value={doc.calendar} onChange={(e) => change({ calendar: e.target.value })}>
          {calendars.map((c) => (
            <option key={c.key} value={c.key}>
              {label(c.label as Label, c.key)}
            </option>
          ))}
        </select>
        <label htmlFor="sla-warn">{t('sla.warnAt')}</label>
        <input
          id="sla-warn"
          type="number"
          min={1}
          max={100}
          value={doc.warnAt === undefined ? '' : Math.round(doc.warnAt * 100)}
          onChange={(e) => change({ warnAt: e.target.value ? Number(e.target.value) / 100 : undefined })}
        />
      </div>

      <table className="targets">
        <caption>{t('sla.targets')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sla.priority')}</th>
            <th scope="col">{t('sla.response')}</th>
            <th scope="col">{t('sla.resolution')}</th>
          </tr>
        </thead>
        <tbody>
          {PRIORITIES.map((p) => (
            <tr key={p}>
              <th scope="row">{t(`sla.priorities.${p}`)}</th>
              {(['response', 'resolution'] as const).map((part) => (
                <td key={part}>
                  <DurationInput
                    id={`sla-${p}-${part}`}
                    hideLabel
                    label={t(part === 'response' ? 'sla.responseOf' : 'sla.resolutionOf', { priority: t(`sla.priorities.${p}`) })}
                    value={doc.targets?.[p]?.[part]}
                    onChange={(iso) => iso && change({ targets: { ...doc.targets, [p]: { ...doc.targets?.[p], [part]: iso } } })}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      <fieldset className="pause-states">
        <legend>{t('sla.pauseStates')}</legend>
        {[...states].map(([k, l]) => (
          <label key={k} className="check">
            <input
              type="checkbox"
              checked={(doc.pauseStates ?? []).includes(k)}
              onChange={(e) => change({ pauseStates: e.target.checked ? [...(doc.pauseStates ?? []), k] : (doc.pauseStates ?? []).filter((s) => s !== k) })}
            />{' '}
            {label(l, k)}
          </label>
        ))}
      </fieldset>

      <section aria-labelledby="sla-ladder">
        <h2 id="sla-ladder">{t('sla.escalation')}</h2>
        <ol className="ladder">
          {ladder.map((step, i) => (
            <li key={i}>
              <fieldset>
                <legend>{t('sla.step', { n: i + 1 })}</legend>
                <div className="grid-fields">
                  <AfterInput id={`step-${i}-after`} value={step.after} onChange={(after) => setStep(i, { ...step, after })} />
                  <label htmlFor={`step-${i}-level`}>{t('sla.level')}</label>
                  <select id={`step-${i}-level`} value={step.level} onChange={(e) => setStep(i, { ...step, level: e.target.value })}>
                    {LEVELS.map((l) => (
                      <option key={l} value={l}>
                        {t(`sla.levels.${l}`)}
                      </option>
                    ))}
                  </select>
                  <label htmlFor={`step-${i}-notify`}>{t('sla.notify')}</label>
                  <select
                    id={`step-${i}-notify`}
                    value={step.notify?.role ?? ''}
                    onChange={(e) => {
                      const next: Step = { ...step, notify: { role: e.target.value } }
                      if (!e.target.value) delete next.notify
                      setStep(i, next)
                    }}
                  >
                    <option value="">{t('sla.nobody')}</option>
                    {[...new Set([...roles.map((r) => r.key), ...(step.notify ? [step.notify.role] : [])])].map((r) => (
                      <option key={r} value={r}>
                        {label(roles.find((x) => x.key === r)?.label, r)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="row-actions">
                  <button type="button" disabled={i === 0} onClick={() => change({ escalation: moved(ladder, i, i - 1) })}>
                    {t('ab.up')}
                  </button>
                  <button type="button" disabled={i === ladder.length - 1} onClick={() => change({ escalation: moved(ladder, i, i + 1) })}>
                    {t('ab.down')}
                  </button>
                  <button type="button" className="link" onClick={() => change({ escalation: ladder.filter((_, j) => j !== i) })}>
                    {t('sla.removeStep', { n: i + 1 })}
                  </button>
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
        <button type="button" disabled={ladder.length >= 10} onClick={() => change({ escalation: [...ladder, { after: 1, level: 'dispatcher' }] })}>
          {t('sla.addStep')}
        </button>
      </section>

      <DueCalculator sla={slaKey} disabled={editor.dirty} />
      <SaveBar editor={editor} />
      <PublishBar />
    </div>
  )
}
