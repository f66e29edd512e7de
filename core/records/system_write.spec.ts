import { testApp } from '#core/testing/app'
import { userClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { changes, type CommittedChange } from '#core/events/bus'
import { registerRecordHook, type HookContext } from './hooks.js'
import { systemCreate, systemUpdate, systemDelete } from './system_write.js'
import type { OpContext } from './context.js'

/** The system-write API: no permission checks, but always hooks, version, audit and events after the commit. */
describe('system writes', () => {
  const tag = `sw${Date.now().toString(36)}`
  const seen: HookContext[] = []
  let published: CommittedChange[]
  let stop: () => void
  let op: OpContext
  let userId: string

  beforeAll(async () => {
    userId = (await userClient((await testApp()).url, ['admin'])).userId
    op = { set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex }
    registerRecordHook('work_order', {
      name: 'system_write_spec',
      beforeWrite(ctx) {
        if (String(ctx.values.title ?? ctx.before?.title).startsWith(tag)) {
          seen.push(ctx)
          if (ctx.op === 'update') ctx.values.description = 'set by the hook'
        }
      },
    })
  })
  beforeEach(() => {
    published = []
    stop = changes.onChange((c) => published.push(c))
  })
  afterEach(() => stop())

  const auditOf = (id: string) => engine.knex('sys_audit').where({ entity: 'work_order', record_id: id }).orderBy('id')

  it('creates with hooks, an audit row with the reason, and the event after its own commit', async () => {
    const row = await systemCreate(op, 'work_order', { title: `${tag} a` }, { reason: { kind: 'automation', key: 'spec' } })
    expect(row.version).toBe(1)
    expect(row.created_by).toBeNull()
    expect(seen.some((h) => h.op === 'create' && h.reason?.kind === 'automation')).toBeTrue()
    const [audit] = await auditOf(row.id)
    expect(audit.action).toBe('create')
    expect(audit.actor_id).toBeNull()
    expect(audit.changes.$reason).toEqual({ kind: 'automation', key: 'spec' })
    expect(audit.changes.$automation).toBe('spec')
    expect(published.map((c) => c.event)).toEqual([{ entity: 'work_order', id: row.id, version: 1, op: 'created' }])
  })

  it("updates inside the caller's transaction: the event waits for its commit, the audit takes the action given", async () => {
    const row = await systemCreate(op, 'work_order', { title: `${tag} b` })
    published = []
    await engine.knex.transaction(async (trx) => {
      const { row: updated, changed } = await systemUpdate(
        { ...op, actor: { ...SYSTEM_ACTOR, id: userId, system: false }, db: trx },
        'work_order',
        row.id,
        { status: 'open' },
        { action: 'sla_warning', reason: { kind: 'sla' } }
      )
      expect(changed).toBeTrue()
      expect(updated.version).toBe(2)
      expect(updated.updated_by).toBe(userId)
      expect(updated.description).toBe('set by the hook')
      expect(published).toEqual([])
    })
    expect(published.map((c) => c.event.op)).toEqual(['updated'])
    const audits = await auditOf(row.id)
    expect(audits.map((a: any) => a.action)).toEqual(['create', 'sla_warning'])
    expect(audits[1].changes.status).toEqual({ from: 'new', to: 'open' })
    expect(audits[1].changes.$reason).toEqual({ kind: 'sla' })
  })

  it("publishes nothing and records nothing when the caller's transaction rolls back", async () => {
    const row = await systemCreate(op, 'work_order', { title: `${tag} c` })
    published = []
    await expectAsync(
      engine.knex.transaction(async (trx) => {
        await systemUpdate({ ...op, db: trx }, 'work_order', row.id, { status: 'done' })
        throw new Error('rolled back')
      })
    ).toBeRejectedWithError('rolled back')
    await new Promise((r) => setImmediate(r))
    expect(published).toEqual([])
    expect((await auditOf(row.id)).length).toBe(1)
    expect((await engine.knex('work_order').where({ id: row.id }).first()).version).toBe(1)
  })

  it('writes nothing when nothing changes, and deletes softly with an audit row and the event', async () => {
    const row = await systemCreate(op, 'work_order', { title: `${tag} d`, description: 'set by the hook' })
    const { changed } = await systemUpdate(op, 'work_order', row.id, { title: `${tag} d` })
    expect(changed).toBeFalse()
    published = []
    await systemDelete(op, 'work_order', row.id)
    expect(published.map((c) => c.event)).toEqual([{ entity: 'work_order', id: row.id, version: 2, op: 'deleted' }])
    expect((await auditOf(row.id)).map((a: any) => a.action)).toEqual(['create', 'delete'])
    await expectAsync(systemUpdate(op, 'work_order', row.id, { status: 'open' })).toBeRejected()
  })
})
