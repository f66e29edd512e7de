/**
 * What the bot tells a resident about a request: its state's label in the workflow of its type,
 * the due date in the city's time, the last step of its history.
 */
import type { Label, MetaDocument, WorkflowDoc } from '#core/shared/metadata'
import type { MetadataSet } from '#core/metadata/set'
import { workflowFor } from '#core/workflow/resolve'
import { pick } from './texts.js'
import type { Lang } from './types.js'

const ZONE = 'Europe/Kyiv'
const when = (lang: Lang) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'uk-UA', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: ZONE })

export function workflowOf(set: MetadataSet, ticket: Record<string, unknown>): WorkflowDoc | undefined {
  return workflowFor(set, 'ticket', ticket) as WorkflowDoc | undefined
}

export function stateLabel(set: MetadataSet, ticket: Record<string, unknown>, lang: Lang, state = String(ticket.status ?? '')): string {
  return pick(workflowOf(set, ticket)?.states[state]?.label, lang) || state
}

export function typeLabel(set: MetadataSet, ticket: Record<string, unknown>, lang: Lang): string {
  return pick(set.get<MetaDocument & { label: Label }>('request_type', String(ticket.request_type ?? ''))?.label, lang) || String(ticket.request_type ?? '')
}

export function formatWhen(at: unknown, lang: Lang): string {
  const d = at ? new Date(String(at)) : undefined
  return d && !Number.isNaN(d.getTime()) ? when(lang).format(d) : ''
}

/** "ВШГ-2026-000123 — Відсутнє холодне водопостачання: в роботі, до 5 грудня 14:00 (останній крок: В роботі, 4 грудня 09:12)". */
export function ticketLine(set: MetadataSet, t: Record<string, unknown>, lang: Lang): string {
  const state = stateLabel(set, t, lang).toLocaleLowerCase('uk')
  const due = t.resolution_due ? `, ${lang === 'en' ? 'due' : 'до'} ${formatWhen(t.resolution_due, lang)}` : ''
  const history = Array.isArray(t.state_history) ? (t.state_history as Array<{ state: string; at: string }>) : []
  const last = history[history.length - 1]
  const step = last ? ` (${lang === 'en' ? 'last step' : 'останній крок'}: ${stateLabel(set, t, lang, last.state)}, ${formatWhen(last.at, lang)})` : ''
  return `${t.number} — ${typeLabel(set, t, lang)}: ${state}${due}${step}`
}
