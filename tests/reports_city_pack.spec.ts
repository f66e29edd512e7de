import { readdirSync, readFileSync } from 'node:fs'
import { DateTime } from 'luxon'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'

/**
 * The city pack's reports and dashboards (seeds/vyshhorod/{reports,dashboards}): every one
 * runs for the roles it names, and a representative set returns hand-computed figures on a
 * small data set placed in March 2001 (Kyiv time; the clocks went forward on 25 March), where
 * no other spec writes.
 *
 * Requests (companies A and B of this spec):
 *   R1 A phone  created 03-05 10:00, resolved 03-06 10:00, on time, rated 5, solved, 300 min
 *   R2 A bot    created 03-25 23:30 (20:30 UTC, after the switch), resolved 03-28 12:00, breached, rated 2, not solved, 900 min
 *   R3 A phone  created 03-26 09:00, open, due 2001-03-27: overdue now, emergency
 *   R4 B phone  created 03-25 01:30 (23:30 UTC on the 24th), resolved 03-25 10:00, on time, rated 4, solved, 60 min
 * Calls (queue of this spec), inbound:
 *   C1 03-05 09:00:00 answered after 20 s, talked 100 s
 *   C2 03-05 09:10:00 answered after 40 s, talked 200 s
 *   C3 03-06 14:00:00 missed
 *   C4 03-06 14:30:00 missed
 * Callbacks due in March 2001: one done before its deadline, one done after, one open.
 * Assignments of A: one overdue, one on time.
 */
const kyiv = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Kyiv' }).toJSDate()
const MARCH = { from: '2001-03-01', to: '2001-03-31' }
const pack = (folder: string) =>
  readdirSync(new URL(`../seeds/vyshhorod/${folder}/`, import.meta.url))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(`../seeds/vyshhorod/${folder}/${f}`, import.meta.url), 'utf8')))

describe('the city pack reports', () => {
  let url: string
  let admin: ApiClient
  let mayor: ApiClient
  let dispatcherA: ApiClient
  const ids: Record<string, string> = {}
  const tag = Date.now().toString(36)
  const queue = `spec_q_${tag}`
  const reports = pack('reports')
  const dashboards = pack('dashboards')

  const run = async (client: ApiClient, report: string, params: Record<string, unknown> = {}) => {
    const res = await client.post('/api/v1/actions/reports.run', { report, params })
    expect(res.status).withContext(`${report}: ${res.text}`).toBe(200)
    return res.body
  }
  const byKey = (rows: any[], key: string) => Object.fromEntries(rows.map((r) => [String(r[key]), r]))

  beforeAll(async () => {
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    for (const c of ['A', 'B']) ids[c] = (await admin.post('/api/v1/records/counterparty', { name: `Пакет ${c} ${tag}`, code: `pack_${c.toLowerCase()}_${tag}` })).body.data.id
    mayor = await userClient(url, ['mayor'])
    dispatcherA = await userClient(url, ['contractor_dispatcher'], { counterparty: ids.A })

    const ticket = async (name: string, company: string, channel: string, facts: Record<string, unknown>) => {
      const res = await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: `${name} ${tag}`, extra: { floor: 1 }, contractor: ids[company], channel })
      expect(res.status).withContext(res.text).toBe(201)
      ids[name] = res.body.data.id
      const base = { response_breached: false, resolution_breached: false, resolved_at: null, closed_at: null, feedback_rating: null, feedback_solved: null, resolution_minutes: null }
      await engine
        .knex('ticket')
        .where({ id: ids[name] })
        .update({ ...base, ...facts })
    }
    await ticket('R1', 'A', 'phone', { created_at: kyiv('2001-03-05T10:00'), resolved_at: kyiv('2001-03-06T10:00'), feedback_rating: 5, feedback_solved: true, resolution_minutes: 300 })
    await ticket('R2', 'A', 'bot', {
      created_at: kyiv('2001-03-25T23:30'),
      resolved_at: kyiv('2001-03-28T12:00'),
      resolution_breached: true,
      feedback_rating: 2,
      feedback_solved: false,
      resolution_minutes: 900,
    })
    await ticket('R3', 'A', 'phone', { created_at: kyiv('2001-03-26T09:00'), resolution_due: kyiv('2001-03-27T09:00'), priority: 'emergency' })
    await ticket('R4', 'B', 'phone', { created_at: kyiv('2001-03-25T01:30'), resolved_at: kyiv('2001-03-25T10:00'), feedback_rating: 4, feedback_solved: true, resolution_minutes: 60 })

    const call = async (startLocal: string, waitS: number | null, talkS: number) => {
      const started = kyiv(startLocal)
      const answered = waitS === null ? null : new Date(started.getTime() + waitS * 1000)
      const res = await admin.post('/api/v1/records/call', { call_id: `${tag}-${startLocal}`, direction: 'inbound', caller: '+380441234567', queue, disposition: answered ? 'ended' : 'missed' })
      expect(res.status).withContext(res.text).toBe(201)
      await engine
        .knex('call')
        .where({ id: res.body.data.id })
        .update({ started_at: started, answered_at: answered, ended_at: answered ? new Date(answered.getTime() + talkS * 1000) : started })
      return res.body.data.id as string
    }
    ids.C1 = await call('2001-03-05T09:00', 20, 100)
    ids.C2 = await call('2001-03-05T09:10', 40, 200)
    ids.C3 = await call('2001-03-06T14:00', null, 0)
    ids.C4 = await call('2001-03-06T14:30', null, 0)

    const callback = async (call: string, due: string, done: string | null) => {
      const res = await admin.post('/api/v1/records/callback', { call, phone: '+380441234567', due_at: kyiv(due).toISOString() })
      expect(res.status).withContext(res.text).toBe(201)
      await engine
        .knex('callback')
        .where({ id: res.body.data.id })
        .update({ due_at: kyiv(due), status: done ? 'done' : 'open', done_at: done ? kyiv(done) : null })
    }
    await callback(ids.C2, '2001-03-05T12:00', '2001-03-05T11:00')
    await callback(ids.C3, '2001-03-05T12:00', '2001-03-05T13:00')
    await callback(ids.C4, '2001-03-06T12:00', null)

    for (const [title, overdue] of [
      ['Перевірити теплопункт', true],
      ['Прибрати двір', false],
    ] as const) {
      const res = await admin.post('/api/v1/records/assignment', { title: `${title} ${tag}`, counterparty: ids.A, deadline: '2001-03-20T10:00:00Z' })
      expect(res.status).withContext(res.text).toBe(201)
      await engine
        .knex('assignment')
        .where({ id: res.body.data.id })
        .update({ overdue, created_at: kyiv('2001-03-10T10:00') })
    }
  })

  it('ships reports and dashboards that run for every role they name', async () => {
    expect(reports.length).toBeGreaterThanOrEqual(20)
    for (const report of reports) {
      const result = await run(admin, report.key)
      expect(result.columns.map((c: any) => c.key))
        .withContext(report.key)
        .toEqual([...(report.dimensions ?? []).map((d: any) => d.key), ...report.measures.map((m: any) => m.key)])
      if (report.roles.includes('mayor')) await run(mayor, report.key)
      if (report.roles.includes('contractor_dispatcher')) await run(dispatcherA, report.key)
    }
    const mayorBoard = dashboards.find((d) => d.key === 'mayor')
    expect(mayorBoard.home).toContain('mayor')
    const res = await mayor.get('/api/v1/actions/reports.dashboard?key=mayor')
    expect(res.status).withContext(res.text).toBe(200)
    expect(res.body.dashboard.panels.length).toBeGreaterThanOrEqual(6)
    expect(Object.keys(res.body.reports)).toEqual(jasmine.arrayWithExactContents([...new Set(mayorBoard.panels.map((p: any) => p.report))]))
  })

  it('counts requests by company with the SLA met % and breaches, and a dispatcher sees only its company', async () => {
    const params = { period: MARCH, company: [ids.A, ids.B] }
    const rows = byKey((await run(admin, 'requests_by_company', params)).rows, 'company')
    expect(rows[ids.A]).toEqual({ company: ids.A, n: 3, sla_met: 50, breached: 1 })
    expect(rows[ids.B]).toEqual({ company: ids.B, n: 1, sla_met: 100, breached: 0 })
    expect((await run(dispatcherA, 'requests_by_company', params)).rows).toEqual([{ company: ids.A, n: 3, sla_met: 50, breached: 1 }])
    const channels = byKey((await run(admin, 'requests_by_channel', params)).rows, 'channel')
    expect(channels).toEqual({ phone: { channel: 'phone', n: 3 }, bot: { channel: 'bot', n: 1 } })
  })

  it('counts requests per Kyiv day across the DST switch', async () => {
    const res = await run(admin, 'requests_per_day', { period: MARCH, company: [ids.A, ids.B] })
    expect(res.rows).toEqual([
      { day: '2001-03-05', n: 1, resolved: 1 },
      { day: '2001-03-25', n: 2, resolved: 2 },
      { day: '2001-03-26', n: 1, resolved: 0 },
    ])
  })

  it('gives resolution time in business hours, satisfaction and overdue emergencies', async () => {
    const params = { period: MARCH, company: [ids.A, ids.B] }
    const trend = await run(admin, 'resolution_time_trend', params)
    // weeks start on Monday: R1 resolved in the week of 5 March, R4 in that of 19 March, R2 in that of 26 March
    expect(trend.rows).toEqual([
      { week: '2001-03-05', avg: 5, p90: 5 },
      { week: '2001-03-19', avg: 1, p90: 1 },
      { week: '2001-03-26', avg: 15, p90: 15 },
    ])
    const feedback = await run(admin, 'feedback', params)
    expect(feedback.rows[0].csat).toBeCloseTo(66.667, 2)
    expect(feedback.rows[0].not_solved).toBeCloseTo(33.333, 2)
    expect(feedback.rows[0].rating).toBeCloseTo(11 / 3, 6)
    expect(feedback.previous.period).toEqual({ from: '2001-01-29', to: '2001-02-28' })
    const overdue = await run(admin, 'overdue_emergencies', { company: [ids.A, ids.B] })
    expect(overdue.rows.map((r: any) => r.company)).toEqual([ids.A])
    expect(overdue.rows[0].due).toBe(kyiv('2001-03-27T09:00').toISOString())
    expect((await run(admin, 'overdue_emergencies_count', { company: [ids.A, ids.B] })).rows).toEqual([{ n: 1 }])
  })

  it('reports the contact center: offered, answered, abandoned, wait and handle times, callbacks on time', async () => {
    const res = await run(admin, 'calls_summary', { period: MARCH })
    expect(byKey(res.rows, 'queue')[queue]).toEqual({ queue, offered: 4, answered: 2, abandoned: 50, wait: 30, handle: 150 })
    const heat = await run(admin, 'calls_heatmap', { period: MARCH })
    // 5 March 2001 was a Monday (1), the 6th a Tuesday (2)
    expect(heat.rows).toEqual(
      jasmine.arrayWithExactContents([
        { hour: 9, weekday: 1, calls: 2 },
        { hour: 14, weekday: 2, calls: 2 },
      ])
    )
    const callbacks = await run(admin, 'callbacks_on_time', { period: MARCH })
    expect(callbacks.rows).toEqual([{ on_time: 50, missed: 3 }])
  })

  it('counts assignments by company with the overdue ones', async () => {
    const res = await run(admin, 'assignments_by_company', { period: { from: '2001-03-01', to: '2001-12-31' }, company: [ids.A] })
    expect(res.rows).toEqual([{ company: ids.A, status: 'issued', n: 2, overdue: 1 }])
  })
})
