import knexFactory, { type Knex } from 'knex'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { publishDocuments } from '#core/testing/metadata'
import { engine } from '#core/engine/engine'
import { cancelJobs, runDueJobsOnce } from '#core/jobs/index'
import { registerAutomationAction } from '#core/automation/actions'
import { queueScheduleTicks, SCHEDULE_QUEUE } from '#core/automation/schedule'

const EFFECTS = 'spec_schedule_effects'

// a scheduled action whose every run leaves a row (no key: a second run of a tick would show)
registerAutomationAction('spec_tick', {
  schema: { type: 'object', properties: { type: true, tag: { type: 'string' } }, required: ['type'], additionalProperties: false },
  async runScheduled({ trx, automation, tick, config }) {
    await trx(EFFECTS).insert({ automation, tick, tag: config.tag ?? null })
  },
})

/** Puts `docs` (kind, key, document or null to remove) in a draft; publishes it unless only validating. */
const draftOf = (admin: ApiClient, docs: Array<{ kind: string; key: string; document: Record<string, unknown> | null }>, publish: boolean) =>
  publishDocuments(
    admin,
    docs.map((d) => (d.document ? { ...d.document, kind: d.kind, key: d.key } : { kind: d.kind, key: d.key, remove: true })),
    { validate: !publish }
  )

const automation = (key: string, on: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  kind: 'automation',
  key,
  label: { uk: 'Щохвилини' },
  entity: 'ticket',
  on,
  actions: [{ type: 'spec_tick', tag: key }],
  ...extra,
})

/**
 * Scheduled automations: a cron checked at publish, and each tick run exactly once by two
 * nodes (two connection pools on the same database, each queueing ticks and running jobs).
 */
describe('scheduled automations', () => {
  let admin: ApiClient
  let other: Knex

  beforeAll(async () => {
    await testApp()
    admin = await userClient((await testApp()).url, ['admin'])
    await engine.knex.schema.dropTableIfExists(EFFECTS)
    await engine.knex.schema.createTable(EFFECTS, (t) => {
      t.string('automation').notNullable()
      t.timestamp('tick', { useTz: true }).notNullable()
      t.string('tag')
    })
    other = knexFactory({ client: 'pg', connection: process.env.TEST_DATABASE_URL ?? engine.knex.client.config.connection, pool: { min: 0, max: 4 } })
  })

  afterAll(async () => {
    await draftOf(admin, [{ kind: 'automation', key: 'spec_every_minute', document: null }], true).catch(() => {})
    await cancelJobs(engine.knex, { queue: SCHEDULE_QUEUE, dedupeKeyPrefix: 'auto:schedule:spec_' })
    await other?.destroy()
  })

  it('refuses a bad cron, a condition and a record action at their pointers', async () => {
    const checked = await draftOf(
      admin,
      [
        { kind: 'automation', key: 'spec_bad_cron', document: automation('spec_bad_cron', { event: 'schedule', cron: '61 8 * * 1' }) },
        { kind: 'automation', key: 'spec_no_cron', document: automation('spec_no_cron', { event: 'schedule' }) },
        { kind: 'automation', key: 'spec_cond', document: automation('spec_cond', { event: 'schedule', cron: '0 8 * * 1' }, { condition: { title: { eq: 'x' } } }) },
        { kind: 'automation', key: 'spec_set', document: automation('spec_set', { event: 'schedule', cron: '0 8 * * 1' }, { actions: [{ type: 'set_field', field: 'description', value: 'x' }] }) },
        { kind: 'automation', key: 'spec_tick_on_create', document: automation('spec_tick_on_create', { event: 'created' }) },
      ],
      false
    )
    const problems = (checked.problems as Array<{ pointer: string; message: string }>).map((p) => `${p.pointer} ${p.message}`)
    expect(problems)
      .withContext(JSON.stringify(checked))
      .toEqual(
        jasmine.arrayContaining([
          jasmine.stringMatching(/\/automation\/spec_bad_cron\/on\/cron .*minute/),
          jasmine.stringMatching(/\/automation\/spec_no_cron\/on\/cron .*cron expression/),
          jasmine.stringMatching(/\/automation\/spec_cond\/condition /),
          jasmine.stringMatching(/\/automation\/spec_set\/actions\/0\/type .*cannot run on a schedule/),
          jasmine.stringMatching(/\/automation\/spec_tick_on_create\/actions\/0\/type .*only on a schedule/),
        ])
      )
  })

  it('runs each tick once when two nodes queue and run it, then queues the next one', async () => {
    await draftOf(admin, [{ kind: 'automation', key: 'spec_every_minute', document: automation('spec_every_minute', { event: 'schedule', cron: '* * * * *' }) }], true)
    const set = engine.set
    expect(set.get('automation', 'spec_every_minute')).toBeDefined()
    const minute = 60_000
    const base = Math.floor(Date.now() / minute) * minute
    // three past ticks, each queued by both nodes' tickers at once (as after a clock skew or a restart)
    for (const back of [5, 4, 3]) {
      const now = new Date(base - back * minute + 10_000)
      await Promise.all([queueScheduleTicks(engine.knex, set, now), queueScheduleTicks(other, set, now), queueScheduleTicks(other, set, now)])
    }
    const queued = await engine.knex('sys_jobs').where({ queue: SCHEDULE_QUEUE }).whereRaw("payload->>'automation' = ?", ['spec_every_minute'])
    expect(queued.length).toBe(3)
    // both nodes claim and run at the same time, twice over
    for (let round = 0; round < 2; round++) await Promise.all([runDueJobsOnce(engine.knex, 'A'), runDueJobsOnce(other, 'B')])
    const effects = await engine.knex(EFFECTS).where({ automation: 'spec_every_minute' }).orderBy('tick')
    expect(effects.map((e) => new Date(e.tick).getTime())).toEqual([base - 4 * minute, base - 3 * minute, base - 2 * minute])
    // the chain: the next tick is queued in the future (missed ones are not replayed)
    const pending = await engine.knex('sys_jobs').where({ queue: SCHEDULE_QUEUE }).whereNull('done_at').whereRaw("payload->>'automation' = ?", ['spec_every_minute'])
    expect(pending.length).toBe(1)
    expect(new Date(pending[0].run_at).getTime()).toBeGreaterThan(Date.now() - 1000)
    expect(new Date(pending[0].run_at).getTime()).toBeLessThanOrEqual(Date.now() + minute)
  })

  it('after a downtime runs the pending tick once, late, and skips the ticks missed meanwhile', async () => {
    await draftOf(admin, [{ kind: 'automation', key: 'spec_after_downtime', document: automation('spec_after_downtime', { event: 'schedule', cron: '* * * * *' }) }], true)
    // the last ticker run before the node stopped, half an hour ago
    await queueScheduleTicks(engine.knex, engine.set, new Date(Date.now() - 30 * 60_000))
    for (let round = 0; round < 3; round++) await runDueJobsOnce(engine.knex, 'A')
    expect(Number((await engine.knex(EFFECTS).where({ automation: 'spec_after_downtime' }).count({ n: '*' }))[0].n)).toBe(1)
    const pending = await engine.knex('sys_jobs').where({ queue: SCHEDULE_QUEUE }).whereNull('done_at').whereRaw("payload->>'automation' = ?", ['spec_after_downtime'])
    expect(pending.length).toBe(1)
    expect(new Date(pending[0].run_at).getTime()).toBeGreaterThan(Date.now() - 1000)
    await draftOf(admin, [{ kind: 'automation', key: 'spec_after_downtime', document: null }], true)
  })

  it('drops a tick queued for a cron the automation no longer has', async () => {
    const set = engine.set
    const stale = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 9 * 60_000)
    await queueScheduleTicks(engine.knex, set, new Date(stale.getTime() - 30_000))
    const before = await engine.knex(EFFECTS).count({ n: '*' })
    await draftOf(admin, [{ kind: 'automation', key: 'spec_every_minute', document: automation('spec_every_minute', { event: 'schedule', cron: '0 3 * * *' }) }], true)
    await runDueJobsOnce(engine.knex, 'A')
    const job = await engine
      .knex('sys_jobs')
      .where({ dedupe_key: `auto:schedule:spec_every_minute:${stale.toISOString()}` })
      .first()
    expect(job.done_at).not.toBeNull() // ran, and did nothing
    expect(await engine.knex(EFFECTS).count({ n: '*' })).toEqual(before)
  })
})
