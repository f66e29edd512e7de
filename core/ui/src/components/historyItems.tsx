import type { TFunction } from 'i18next'
import type { UiEntity } from '../types/bootstrap.js'
import type { HistoryEntry } from '../api/history.js'
import { pick } from '../labels.js'
import { CellValue } from './CellValue.js'
import type { TimelineItem, TimelineKind } from './Timeline.js'
import { timelineKinds } from './timeline_kinds.js'

type Change = { from?: unknown; to?: unknown }
const isChange = (v: unknown): v is Change => !!v && typeof v === 'object' && ('from' in v || 'to' in v)
const CORE_KINDS: Record<string, TimelineKind> = { create: 'created', update: 'changed', delete: 'deleted', import: 'created', automation: 'automation' }
/** Audit actions as timeline kinds: core's, then those the modules register (an SLA breach is `sla`). */
const KINDS: Record<string, TimelineKind> = { ...Object.fromEntries(timelineKinds.flatMap((k) => (k.auditActions ?? []).map((a) => [a, k.kind]))), ...CORE_KINDS }
/** Kinds made of audit rows only by a module (titled by `recordTimeline.<action>`). */
const MODULE_AUDIT_KINDS = new Set(timelineKinds.filter((k) => k.auditActions?.length).map((k) => k.kind))

/** The kinds a record's history can show, for its filter buttons. */
export const historyKinds: TimelineKind[] = ['changed', 'status', ...MODULE_AUDIT_KINDS, 'automation']

/**
 * Audit rows as timeline items: a change of the workflow's field reads as a status change
 * ("Нове → Призначене"), rows of a module's audit actions as its kind (SLA events), the rest as
 * the changed fields, from → to.
 */
export function historyItems(entity: UiEntity, entries: HistoryEntry[], t: TFunction, lang: string): TimelineItem[] {
  const stateField = entity.workflow?.field
  const stateName = (v: unknown) => {
    const s = typeof v === 'string' ? entity.workflow?.states[v] : undefined
    return s ? pick(s.label, lang, String(v)) : v ? String(v) : '—'
  }
  return entries.map((e) => {
    // derived bookkeeping (a request's state history, a JSON field nobody edits) would only repeat the line above it
    const derived = (name: string) => entity.fields[name].type === 'json' && entity.fields[name].readOnly
    const changes = Object.entries(e.changes).filter(([name, c]) => !name.startsWith('$') && entity.fields[name] && !derived(name) && isChange(c)) as Array<[string, Change]>
    const state = stateField ? changes.find(([name]) => name === stateField)?.[1] : undefined
    let kind = KINDS[e.action] ?? 'changed'
    if (kind === 'changed' && state) kind = 'status'
    const title =
      kind === 'status'
        ? `${stateName(state!.from)} → ${stateName(state!.to)}`
        : MODULE_AUDIT_KINDS.has(kind)
          ? // `call.recording_listened` → key `call_recording_listened`: a dot would nest the key
            t(`recordTimeline.${e.action.replace(/\./g, '_')}`)
          : kind === 'created'
            ? t('recordTimeline.createdTitle')
            : kind === 'deleted'
              ? t('recordTimeline.deletedTitle')
              : t('recordTimeline.changedTitle', { count: changes.length })
    const lines = kind === 'created' ? changes.filter(([, c]) => c.to !== null && c.to !== undefined && c.to !== '') : changes
    const body = lines.length ? (
      <dl className="changes">
        {lines.map(([name, c]) => (
          <div key={name}>
            <dt>{pick(entity.fields[name].label, lang, name)}</dt>
            <dd>
              {kind !== 'created' && (
                <>
                  <del>
                    <CellValue field={{ ...entity.fields[name], workflowState: name === stateField }} value={c.from} />
                  </del>{' '}
                  →{' '}
                </>
              )}
              <ins>
                <CellValue field={{ ...entity.fields[name], workflowState: name === stateField }} value={c.to} />
              </ins>
            </dd>
          </div>
        ))}
      </dl>
    ) : undefined
    return { key: `audit-${e.id}`, at: e.at, kind, actor: e.actor, title, body }
  })
}
