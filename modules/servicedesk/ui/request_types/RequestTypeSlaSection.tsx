import { useTranslation } from 'react-i18next'
import { useLabel } from '../../../../core/ui/src/labels.js'
import type { MetaDocument } from '../../../../admin-builder/ui/api.js'
import { useDraft } from '../../../../admin-builder/ui/DraftContext.js'
import { DurationInput } from '../sla/DurationInput.js'
import { DueCalculator } from '../sla/DueCalculator.js'
import { formatHumanDuration } from '../../sla/human_duration.js'

const PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const
type Target = { response?: string; resolution?: string }

/**
 * The SLA part of the request type editor: the SLA, the type's own targets over the SLA's
 * (`slaTargets`, so one type's resolution target changes without touching the others) and the
 * due-date calculator over the draft.
 */
export function RequestTypeSlaSection({ doc, onChange, dirty }: { doc: MetaDocument; onChange(next: MetaDocument): void; dirty?: boolean }) {
  const { t, i18n } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const slas = draft.docs<MetaDocument & { targets?: Record<string, Target> }>('sla')
  const sla = slas.find((s) => s.key === doc.sla)
  const own = (doc.slaTargets ?? {}) as Record<string, Target>
  const setOwn = (p: string, part: 'response' | 'resolution', iso: string | undefined) => {
    const target: Target = { ...own[p], [part]: iso }
    if (!iso) delete target[part]
    const next: Record<string, Target> = { ...own, [p]: target }
    if (!Object.keys(target).length) delete next[p]
    const out: MetaDocument = { ...doc, slaTargets: next }
    if (!Object.keys(next).length) delete out.slaTargets
    onChange(out)
  }
  return (
    <div className="rt-sla">
      <label htmlFor="rt-sla">{t('rt.sla')}</label>
      <select id="rt-sla" value={String(doc.sla ?? '')} onChange={(e) => onChange({ ...doc, sla: e.target.value })}>
        {slas.map((s) => (
          <option key={s.key} value={s.key}>
            {label(s.label as any, s.key)}
          </option>
        ))}
      </select>
      <table className="targets">
        <caption>{t('rt.targetsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sla.priority')}</th>
            <th scope="col">{t('sla.slaResponse')}</th>
            <th scope="col">{t('sla.slaResolution')}</th>
            <th scope="col">{t('rt.ownResponse')}</th>
            <th scope="col">{t('rt.ownResolution')}</th>
          </tr>
        </thead>
        <tbody>
          {PRIORITIES.map((p) => {
            const base = sla?.targets?.[p]
            return (
              <tr key={p}>
                <th scope="row">{t(`sla.priorities.${p}`)}</th>
                <td>{base?.response ? formatHumanDuration(base.response, i18n.language) : '—'}</td>
                <td>{base?.resolution ? formatHumanDuration(base.resolution, i18n.language) : '—'}</td>
                <td>
                  <DurationInput
                    id={`own-${p}-response`}
                    label={t('rt.ownResponseOf', { priority: t(`sla.priorities.${p}`) })}
                    value={own[p]?.response}
                    optional
                    hideLabel
                    onChange={(iso) => setOwn(p, 'response', iso)}
                  />
                </td>
                <td>
                  <DurationInput
                    id={`own-${p}-resolution`}
                    label={t('rt.ownResolutionOf', { priority: t(`sla.priorities.${p}`) })}
                    value={own[p]?.resolution}
                    optional
                    hideLabel
                    onChange={(iso) => setOwn(p, 'resolution', iso)}
                  />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <DueCalculator requestType={doc.key} defaultPriority={String(doc.defaultPriority ?? 'normal')} disabled={dirty} />
    </div>
  )
}
