import { fileURLToPath } from 'node:url'
import { tableWrites, writesOutsideRecords } from './write_path_scan.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The engine's own tables that are not records (no version, audit or events by design):
 * the job queue's test effects. `sys_` tables are always the engine's own.
 */
const ALLOWED = new Set([
  'core/jobs/testing/crash_worker.ts:crash_effects',
  // the demo city's past: requests filed through the records API, then dated back 1–60 days
  // (created_at, state history), which no write of a user or the system may do
  'seeds/vyshhorod/data/history.ts:ticket',
  'seeds/vyshhorod/data/history.ts:call',
])

describe('one write path', () => {
  it('finds knex and raw SQL writes, over several lines too', () => {
    const text = [
      "await trx('ticket')",
      '  .where({ id })',
      '  .update({ a: 1 })',
      'await trx.db(tableOf(entity)).insert(values)',
      "await db('sys_audit').insert({})",
      "const rows = await db('ticket').where({ id }).first()",
      'map.delete(key)',
      'await knex.raw(`UPDATE operator_presence SET state = ?`)',
      'const sql = `INSERT INTO ${table} (a) VALUES (1)`',
      '// update the cache: DELETE FROM ticket in a comment is no write',
      "/** e.g. await trx('ticket').update({}) */",
      "await db('message').insert({})",
    ].join('\n')
    expect(tableWrites('x.ts', text).map((w) => `${w.line}:${w.table}:${w.how}`)).toEqual([
      '1:ticket:update',
      '4:?:insert',
      '5:sys_audit:insert',
      '8:operator_presence:UPDATE',
      '9:?:INSERT',
      '12:message:insert',
    ])
  })

  it('no code outside core/records writes an entity table (use core/records/system_write)', () => {
    const found = writesOutsideRecords(root, ['core', 'modules', 'admin-builder', 'connectors', 'seeds'], ALLOWED)
    expect(found.map((w) => `${w.file}:${w.line} ${w.how} ${w.table}`)).toEqual([])
  })
})
