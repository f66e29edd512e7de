import { testApp } from '#core/testing/app'
import { engine } from '#core/engine/engine'
import { flushConnectorLog, logRetentionDays, pruneConnectorLog, writeConnectorLog } from './log.js'

/** The exchange log masks personal data, never keeps a secret, and forgets old lines. */
describe('connector log', () => {
  beforeAll(async () => {
    await testApp()
  })

  it('masks phone numbers and redacted keys, and cuts resolved secrets out of every string', async () => {
    const source = { instance: 'log_spec', type: 'echo', secrets: ['s3cr3t-value'] }
    writeConnectorLog(engine.knex, source, {
      direction: 'in',
      operation: 'event:Newchannel +380501234567',
      status: 'error',
      correlationId: 'c-1',
      error: 'login s3cr3t-value refused for 0501234567',
      payload: { caller: '+380501234567', nested: { note: 'pw=s3cr3t-value' }, password: 'anything' },
    })
    await flushConnectorLog()
    const row = await engine.knex('sys_connector_log').where({ instance: 'log_spec' }).first()
    const text = JSON.stringify(row)
    expect(text).not.toContain('s3cr3t-value')
    expect(text).not.toContain('501234567')
    expect(row.payload.password).toBe('[redacted]')
    expect(row.payload.nested.note).toBe('pw=***')
    expect(row.error).toContain('***')
    expect(row.operation).toMatch(/\*{5,}67$/)
  })

  it('deletes lines older than the retention days, keeps the others', async () => {
    await engine.knex('sys_connector_log').insert([
      { instance: 'log_spec_old', type: 'echo', direction: 'in', operation: 'old', status: 'ok', at: engine.knex.raw(`now() - interval '31 days'`) },
      { instance: 'log_spec_old', type: 'echo', direction: 'in', operation: 'recent', status: 'ok', at: engine.knex.raw(`now() - interval '29 days'`) },
    ])
    expect(logRetentionDays()).toBe(30)
    expect(await pruneConnectorLog(engine.knex, logRetentionDays())).toBeGreaterThanOrEqual(1)
    const left = await engine.knex('sys_connector_log').where({ instance: 'log_spec_old' }).pluck('operation')
    expect(left).toEqual(['recent'])
  })
})
