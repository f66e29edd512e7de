/** Telephony's report measures (core/reports/measures.ts). */
import { registerMeasure } from '#core/reports/measures'

// of the callbacks done, those done by their deadline
registerMeasure({
  name: 'telephony.callbacks_on_time',
  entities: ['callback'],
  label: { uk: 'Передзвонили вчасно, %', en: 'Called back on time, %' },
  type: 'percent',
  fields: ['status', 'done_at', 'due_at'],
  sql: (t, knex, _m, ctx) =>
    knex.raw("100.0 * count(*) FILTER (WHERE ? AND ?? = 'done' AND ?? <= ??) / nullif(count(*) FILTER (WHERE ? AND ?? = 'done'), 0)", [
      ctx.where,
      `${t}.status`,
      `${t}.done_at`,
      `${t}.due_at`,
      ctx.where,
      `${t}.status`,
    ]),
})
