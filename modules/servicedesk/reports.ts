/**
 * The service desk's report measures (core/reports/measures.ts) and the names of request types
 * in report results. Each is one aggregate over the report's request rows at `t`; `ctx.where`
 * is the measure's own condition (TRUE without one).
 */
import type { Knex } from 'knex'
import { registerMeasure, type MeasureContext } from '#core/reports/measures'
import { registerLabelSource } from '#core/reports/labels'
import type { RequestTypeDoc } from './kinds/request_type.js'

/** The percentage of the rows matching `of` that also match `match`. */
const percent = (knex: Knex, ctx: MeasureContext, of: Knex.Raw, match: Knex.Raw) =>
  knex.raw('100.0 * count(*) FILTER (WHERE ? AND ? AND ?) / nullif(count(*) FILTER (WHERE ? AND ?), 0)', [ctx.where, of, match, ctx.where, of])

const ticket = ['ticket']

registerMeasure({
  name: 'servicedesk.sla_met',
  entities: ticket,
  label: { uk: 'Вчасно вирішено, %', en: 'Resolved within SLA, %' },
  type: 'percent',
  fields: ['resolved_at', 'resolution_breached'],
  sql: (t, knex, _m, ctx) => percent(knex, ctx, knex.raw('?? IS NOT NULL', [`${t}.resolved_at`]), knex.raw('?? IS NOT TRUE', [`${t}.resolution_breached`])),
})

registerMeasure({
  name: 'servicedesk.breached',
  entities: ticket,
  label: { uk: 'Прострочено', en: 'Breached' },
  type: 'number',
  fields: ['response_breached', 'resolution_breached'],
  sql: (t, knex, _m, ctx) => knex.raw('count(*) FILTER (WHERE ? AND (?? OR ??))', [ctx.where, `${t}.response_breached`, `${t}.resolution_breached`]),
})

registerMeasure({
  name: 'servicedesk.resolution_hours_avg',
  entities: ticket,
  label: { uk: 'Середній час вирішення, робочі год', en: 'Average resolution, business hours' },
  type: 'number',
  digits: 1,
  fields: ['resolution_minutes'],
  sql: (t, knex, _m, ctx) => knex.raw('avg(??) FILTER (WHERE ?) / 60.0', [`${t}.resolution_minutes`, ctx.where]),
})

registerMeasure({
  name: 'servicedesk.resolution_hours_p90',
  entities: ticket,
  label: { uk: 'Час вирішення (90%), робочі год', en: 'Resolution (90th percentile), business hours' },
  type: 'number',
  digits: 1,
  fields: ['resolution_minutes'],
  sql: (t, knex, _m, ctx) => knex.raw('percentile_cont(0.9) WITHIN GROUP (ORDER BY ??) FILTER (WHERE ?) / 60.0', [`${t}.resolution_minutes`, ctx.where]),
})

// open at the end of the period (or now): created before it, not resolved or closed by then
registerMeasure({
  name: 'servicedesk.backlog',
  entities: ticket,
  label: { uk: 'Невирішені на кінець періоду', en: 'Open at the end of the period' },
  type: 'number',
  fields: ['resolved_at', 'closed_at'],
  sql: (t, knex, _m, ctx) => {
    const end = ctx.period?.end ?? ctx.now
    return knex.raw('count(*) FILTER (WHERE ? AND ?? < ? AND (coalesce(??, ??) IS NULL OR coalesce(??, ??) >= ?))', [
      ctx.where,
      `${t}.created_at`,
      end,
      `${t}.resolved_at`,
      `${t}.closed_at`,
      `${t}.resolved_at`,
      `${t}.closed_at`,
      end,
    ])
  },
})

registerMeasure({
  name: 'servicedesk.csat',
  entities: ticket,
  label: { uk: 'Задоволені (оцінка 4–5), %', en: 'Satisfied (rated 4–5), %' },
  type: 'percent',
  fields: ['feedback_rating'],
  sql: (t, knex, _m, ctx) => percent(knex, ctx, knex.raw('?? IS NOT NULL', [`${t}.feedback_rating`]), knex.raw('?? >= 4', [`${t}.feedback_rating`])),
})

registerMeasure({
  name: 'servicedesk.not_solved',
  entities: ticket,
  label: { uk: 'Проблему не вирішено, %', en: 'Not solved, %' },
  type: 'percent',
  fields: ['feedback_solved'],
  sql: (t, knex, _m, ctx) => percent(knex, ctx, knex.raw('?? IS NOT NULL', [`${t}.feedback_solved`]), knex.raw('?? = false', [`${t}.feedback_solved`])),
})

registerLabelSource('ticket', 'request_type', (set, values) => {
  const out: Record<string, { uk: string; en?: string }> = {}
  for (const v of values) {
    const rt = set.get<RequestTypeDoc>('request_type', v)
    if (rt?.label) out[v] = rt.label
  }
  return out
})
