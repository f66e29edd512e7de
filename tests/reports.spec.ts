import { readFileSync } from 'node:fs'
import { DateTime } from 'luxon'
import { io as connect, type Socket } from 'socket.io-client'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { systemUpdate } from '#core/records/system_write'
import { changes } from '#core/events/bus'

/**
 * Reports over the HTTP API (modules/reports, core/reports) on a small known set of requests:
 * figures computed by hand, the viewer's row scope, hidden fields, bad input, the cache and
 * the live `report_changed` event.
 *
 * Requests (Kyiv time), companies A, B (and C for the business-hours one):
 *   T1 A phone  created 03-02 10:00, resolved 03-03 10:00, on time, rated 5, solved,  540 min
 *   T2 A bot    created 03-10 09:00, resolved 03-20 09:00, both breached, rated 2, not solved, 3000 min
 *   T3 A phone  created 04-01 00:30 (31 March 21:30 UTC: April in Kyiv), open
 *   T4 B portal created 03-15 12:00, resolved 03-16 12:00, on time, rated 4, solved, 480 min
 *   T5 B phone  created 02-27 12:00, resolved 04-02 12:00, resolution breached, not rated, 6000 min
 */
const kyiv = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Kyiv' }).toJSDate()
const fixture = JSON.parse(readFileSync(new URL('./fixtures/reports/spec_requests.report.json', import.meta.url), 'utf8'))
const MARCH = { from: '2026-03-01', to: '2026-03-31' }

describe('reports', () => {
  let url: string
  let admin: ApiClient
  let supervisor: ApiClient
  let dispatcherA: ApiClient & { userId: string }
  let viewer: ApiClient & { userId: string }
  let operator: ApiClient
  const ids: Record<string, string> = {}
  const sockets: Socket[] = []
  const tag = Date.now().toString(36)

  /** A draft report run by the administrator (reports.preview), over companies A and B. */
  const preview = async (doc: Record<string, unknown>, params: Record<string, unknown> = {}, client = admin, asUser?: string) => {
    const body = {
      doc: { kind: 'report', key: 'spec_draft', label: { uk: 'Чернетка' }, entity: 'ticket', presentation: { type: 'table' }, ...doc },
      params: { company: [ids.A, ids.B], ...params },
      ...(asUser ? { asUser } : {}),
    }
    const res = await client.post('/api/v1/actions/reports.preview', body)
    expect(res.status).withContext(res.text).toBe(200)
    return res.body
  }
  const companyParam = { key: 'company', type: 'reference', fields: ['contractor'] }
  const byKey = (rows: any[], key: string) => Object.fromEntries(rows.map((r) => [r[key], r]))

  beforeAll(async () => {
    url = (await testApp()).url
    admin = await userClient(url, ['admin'])
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    let version = draft.version
    const put = async (kind: string, key: string, document: unknown) => {
      const res = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/${kind}/${key}`, { document, version })
      expect(res.status).withContext(res.text).toBe(200)
      version = res.body.version ?? version + 1
    }
    await put('role', 'spec_report_viewer', {
      kind: 'role',
      key: 'spec_report_viewer',
      label: { uk: 'Глядач звітів (тест)' },
      permissions: { ticket: { actions: ['read'], fields: { feedback_rating: 'hidden', queue: 'hidden' } }, counterparty: { actions: ['read'] } },
    })
    await put('role', 'spec_report_designer', {
      kind: 'role',
      key: 'spec_report_designer',
      label: { uk: 'Конструктор звітів (тест)' },
      metadata: { kinds: ['report'] },
      permissions: { ticket: { actions: ['read'], scope: { contractor: { eq: '$user.counterparty' } } } },
    })
    await put('report', 'spec_requests', fixture)
    await put('report', 'spec_admin_only', {
      kind: 'report',
      key: 'spec_admin_only',
      label: { uk: 'Лише адміністраторам' },
      entity: 'ticket',
      measures: [{ key: 'n', fn: 'count' }],
      presentation: { type: 'kpi' },
    })
    await put('dashboard', 'spec_board', {
      kind: 'dashboard',
      key: 'spec_board',
      label: { uk: 'Дошка (тест)' },
      panels: [
        { report: 'spec_requests', x: 0, y: 0, w: 6, h: 4 },
        { report: 'spec_admin_only', x: 6, y: 0, w: 6, h: 4 },
      ],
      roles: ['supervisor'],
      home: ['supervisor'],
    })
    const published = await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})
    expect(published.status).withContext(published.text).toBe(200)

    for (const c of ['A', 'B', 'C']) ids[c] = (await admin.post('/api/v1/records/counterparty', { name: `Компанія ${c} ${tag}`, code: `rep_${c.toLowerCase()}_${tag}` })).body.data.id
    const make = async (name: string, company: string, channel: string, facts: Record<string, unknown>) => {
      const res = await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: `${name} ${tag}`, extra: { floor: 1 }, contractor: ids[company], channel })
      expect(res.status).withContext(res.text).toBe(201)
      ids[name] = res.body.data.id
      const base = { response_breached: false, resolution_breached: false, resolved_at: null, feedback_rating: null, feedback_solved: null, resolution_minutes: null }
      await engine
        .knex('ticket')
        .where({ id: ids[name] })
        .update({ ...base, ...facts })
    }
    await make('T1', 'A', 'phone', { created_at: kyiv('2026-03-02T10:00'), resolved_at: kyiv('2026-03-03T10:00'), feedback_rating: 5, feedback_solved: true, resolution_minutes: 540 })
    await make('T2', 'A', 'bot', {
      created_at: kyiv('2026-03-10T09:00'),
      resolved_at: kyiv('2026-03-20T09:00'),
      response_breached: true,
      resolution_breached: true,
      feedback_rating: 2,
      feedback_solved: false,
      resolution_minutes: 3000,
    })
    await make('T3', 'A', 'phone', { created_at: kyiv('2026-04-01T00:30') })
    await make('T4', 'B', 'portal', { created_at: kyiv('2026-03-15T12:00'), resolved_at: kyiv('2026-03-16T12:00'), feedback_rating: 4, feedback_solved: true, resolution_minutes: 480 })
    await make('T5', 'B', 'phone', { created_at: kyiv('2026-02-27T12:00'), resolved_at: kyiv('2026-04-02T12:00'), resolution_breached: true, resolution_minutes: 6000 })

    // T2 is marked a duplicate of T4 (company B): a path T2 → T4 is a hop A's dispatcher may not take
    await engine.knex('ticket').where({ id: ids.T2 }).update({ duplicate_of: ids.T4 })

    supervisor = await userClient(url, ['supervisor'])
    dispatcherA = await userClient(url, ['contractor_dispatcher'], { counterparty: ids.A })
    viewer = await userClient(url, ['spec_report_viewer'])
    operator = await userClient(url, ['operator'])
  })

  afterAll(() => {
    for (const s of sockets) s.close()
  })

  const run = (client: ApiClient, params: Record<string, unknown> = {}, report = 'spec_requests') => client.post('/api/v1/actions/reports.run', { report, params })

  it('counts requests by company in a period, with the SLA met % and the average rating', async () => {
    const res = await run(supervisor, { period: MARCH, company: [ids.A, ids.B] })
    expect(res.status).withContext(res.text).toBe(200)
    const rows = byKey(res.body.rows, 'company')
    // T3 came on 1 April in Kyiv (still 31 March in UTC): not in March
    expect(rows[ids.A]).toEqual({ company: ids.A, requests: 2, sla_met: 50, rating_avg: 3.5 })
    expect(rows[ids.B]).toEqual({ company: ids.B, requests: 1, sla_met: 100, rating_avg: 4 })
    expect(res.body.rows.length).toBe(2)
    expect(res.body.labels.company[ids.A]).toBe(`Компанія A ${tag}`)
    expect(res.body.period).toEqual(MARCH)
    expect(res.body.params).toEqual({ period: MARCH, company: [ids.A, ids.B] })
    expect(res.body.columns.map((c: any) => [c.key, c.role, c.type])).toEqual([
      ['company', 'dimension', 'reference'],
      ['requests', 'measure', 'number'],
      ['sla_met', 'measure', 'percent'],
      ['rating_avg', 'measure', 'number'],
    ])
    expect(res.body.truncated).toBeFalse()
  })

  it("gives a contractor's dispatcher only its company's figures from the same report", async () => {
    const res = await run(dispatcherA, { period: MARCH, company: [ids.A, ids.B] })
    expect(res.status).withContext(res.text).toBe(200)
    expect(res.body.rows).toEqual([{ company: ids.A, requests: 2, sla_met: 50, rating_avg: 3.5 }])
    // the same draft previewed as that dispatcher: the same scope
    const asA = await preview({ dimensions: [{ key: 'company', field: 'contractor' }], measures: [{ key: 'n', fn: 'count' }], parameters: [companyParam] }, {}, admin, dispatcherA.userId)
    expect(asA.rows).toEqual([{ company: ids.A, n: 3 }])
  })

  it('joins a referenced record only when the viewer may read it (else the path is null)', async () => {
    const doc = { dimensions: [{ key: 'dup_company', field: 'duplicate_of.contractor' }], measures: [{ key: 'n', fn: 'count' }], parameters: [companyParam] }
    const all = await preview(doc)
    expect(byKey(all.rows, 'dup_company')).toEqual({ [ids.B]: { dup_company: ids.B, n: 1 }, null: { dup_company: null, n: 4 } })
    expect(all.labels.dup_company).toEqual({ [ids.B]: `Компанія B ${tag}` })
    const asA = await preview(doc, {}, admin, dispatcherA.userId)
    expect(asA.rows).toEqual([{ dup_company: null, n: 3 }])
  })

  it('shows a field the viewer may not read as a hidden column of nulls', async () => {
    const res = await run(viewer, { period: MARCH, company: [ids.A, ids.B] })
    expect(res.status).withContext(res.text).toBe(200)
    expect(res.body.columns.find((c: any) => c.key === 'rating_avg').hidden).toBeTrue()
    expect(res.body.columns.find((c: any) => c.key === 'requests').hidden).toBeUndefined()
    expect(res.body.rows.map((r: any) => [r.requests, r.rating_avg])).toEqual(
      jasmine.arrayWithExactContents([
        [2, null],
        [1, null],
      ])
    )
    // grouped by that field, or measured through a module measure reading it: one group, nothing told
    const viewerId = viewer.userId
    const grouped = await preview(
      {
        dimensions: [{ key: 'rating', field: 'feedback_rating' }],
        measures: [
          { key: 'n', fn: 'count' },
          { key: 'csat', fn: 'servicedesk.csat' },
        ],
        parameters: [companyParam],
      },
      {},
      admin,
      viewerId
    )
    expect(grouped.rows).toEqual([{ rating: null, n: 5, csat: null }])
    expect(grouped.columns.map((c: any) => c.hidden ?? false)).toEqual([true, false, true])
  })

  it('hides a measure whose condition names a field the viewer may not read', async () => {
    const doc = {
      measures: [
        { key: 'top', fn: 'ratio', where: { feedback_rating: { eq: 5 } } },
        { key: 'n', fn: 'count', where: { channel: { eq: 'phone' } } },
      ],
      parameters: [companyParam],
    }
    const mine = await preview(doc)
    expect(mine.rows).toEqual([{ top: 20, n: 3 }])
    const theirs = await preview(doc, {}, admin, (viewer as ApiClient & { userId: string }).userId)
    expect(theirs.rows).toEqual([{ top: null, n: 3 }])
    expect(theirs.columns.find((c: any) => c.key === 'top').hidden).toBeTrue()
    // nor may a parameter's value probe it
    const probe = await admin.post('/api/v1/actions/reports.preview', {
      doc: {
        kind: 'report',
        key: 'spec_probe',
        label: { uk: 'Проба' },
        entity: 'ticket',
        presentation: { type: 'kpi' },
        measures: [{ key: 'n', fn: 'count' }],
        parameters: [{ key: 'queue', type: 'string', field: 'queue' }],
      },
      params: { queue: 'water' },
      asUser: (viewer as ApiClient & { userId: string }).userId,
    })
    expect(probe.status).withContext(probe.text).toBe(422)
    expect(probe.body.errors[0])
      .withContext(probe.text)
      .toEqual(jasmine.objectContaining({ pointer: '/params/queue', code: 'field_not_readable' }))
  })

  it('groups by channel with option labels', async () => {
    const res = await preview({ dimensions: [{ key: 'channel', field: 'channel' }], measures: [{ key: 'n', fn: 'count' }], parameters: [companyParam], sort: [{ key: 'n', dir: 'desc' }] })
    expect(res.rows).toEqual(
      [
        { channel: 'phone', n: 3 },
        { channel: 'bot', n: 1 },
        { channel: 'portal', n: 1 },
      ].sort((a, b) => b.n - a.n || 0)
    )
    expect(res.labels.channel.phone).toEqual({ uk: 'Телефон', en: 'Phone' })
    // by request type: named by the service desk's request types
    const types = await preview({ dimensions: [{ key: 'type', field: 'request_type' }], measures: [{ key: 'n', fn: 'count' }], parameters: [companyParam] })
    expect(types.rows).toEqual([{ type: 'spec_no_water', n: 5 }])
    expect(types.labels.type).toEqual({ spec_no_water: { uk: 'Немає води (тест)', en: 'No water (test)' } })
  })

  it('counts calls by disposition with their talk and waiting times', async () => {
    const call = async (n: number, disposition: string, started: string, answered: string | null, duration: number | null) => {
      const res = await admin.post('/api/v1/records/call', {
        call_id: `${tag}-${n}`,
        direction: 'inbound',
        caller: '+380671112233',
        disposition,
        started_at: kyiv(started).toISOString(),
        ...(answered ? { answered_at: kyiv(answered).toISOString() } : {}),
        ...(duration !== null ? { duration_seconds: duration } : {}),
      })
      expect(res.status).withContext(res.text).toBe(201)
    }
    await call(1, 'answered', '2026-03-29T10:00:00', '2026-03-29T10:00:20', 120)
    await call(2, 'answered', '2026-03-29T11:00:00', '2026-03-29T11:00:40', 300)
    await call(3, 'missed', '2026-03-29T12:00:00', null, null)
    const res = await preview(
      {
        entity: 'call',
        filter: { call_id: { startsWith: `${tag}-` } },
        dimensions: [{ key: 'disposition', field: 'disposition' }],
        measures: [
          { key: 'calls', fn: 'count' },
          { key: 'talk', fn: 'avg', field: 'duration_seconds' },
          { key: 'wait', fn: 'avg', field: 'answered_at', from: 'started_at', unit: 'seconds' },
          { key: 'longest', fn: 'max', field: 'duration_seconds' },
        ],
      },
      { company: undefined }
    )
    expect(res.rows).toEqual([
      { disposition: 'answered', calls: 2, talk: 210, wait: 30, longest: 300 },
      { disposition: 'missed', calls: 1, talk: null, wait: null, longest: null },
    ])
    const answered = await preview(
      { entity: 'call', filter: { call_id: { startsWith: `${tag}-` } }, measures: [{ key: 'pct', fn: 'ratio', where: { disposition: { eq: 'answered' } } }] },
      { company: undefined }
    )
    expect(answered.rows[0].pct).toBeCloseTo(66.667, 2)
  })

  it('buckets by month in Kyiv time across the DST switch', async () => {
    const res = await preview({ dimensions: [{ key: 'month', field: 'created_at', bucket: 'month' }], measures: [{ key: 'n', fn: 'count' }], parameters: [companyParam] })
    expect(res.rows).toEqual([
      { month: '2026-02-01', n: 1 },
      { month: '2026-03-01', n: 3 },
      { month: '2026-04-01', n: 1 },
    ])
    expect(res.columns[0]).toEqual(jasmine.objectContaining({ type: 'bucket', bucket: 'month' }))
    const hours = await preview({ dimensions: [{ key: 'h', field: 'created_at', bucket: 'hour_of_day' }], measures: [{ key: 'n', fn: 'count' }], parameters: [companyParam] })
    expect(hours.rows).toEqual([
      { h: 0, n: 1 },
      { h: 9, n: 1 },
      { h: 10, n: 1 },
      { h: 12, n: 2 },
    ])
  })

  it('computes a ratio, a percentile, the business-hours measures, breaches, CSAT and "not solved"', async () => {
    const res = await preview({
      measures: [
        { key: 'phone_pct', fn: 'ratio', where: { channel: { eq: 'phone' } } },
        { key: 'median_min', fn: 'percentile', p: 0.5, field: 'resolution_minutes' },
        { key: 'p90_h', fn: 'servicedesk.resolution_hours_p90' },
        { key: 'avg_h', fn: 'servicedesk.resolution_hours_avg' },
        { key: 'sla_met', fn: 'servicedesk.sla_met' },
        { key: 'breached', fn: 'servicedesk.breached' },
        { key: 'csat', fn: 'servicedesk.csat' },
        { key: 'not_solved', fn: 'servicedesk.not_solved' },
        { key: 'rated_a', fn: 'count', field: 'feedback_rating', where: { contractor: { eq: ids.A } } },
        { key: 'days', fn: 'avg', field: 'resolved_at', from: 'created_at', unit: 'days' },
      ],
      parameters: [companyParam],
    })
    const [row] = res.rows
    expect(row.phone_pct).toBe(60)
    expect(row.median_min).toBe(1770) // (540 + 3000) / 2
    expect(row.p90_h).toBe(85) // 3000 + 0.7 × 3000 = 5100 min
    expect(row.avg_h).toBe(41.75) // 10020 / 4 min
    expect(row.sla_met).toBe(50) // T1, T4 of T1, T2, T4, T5
    expect(row.breached).toBe(2)
    expect(row.csat).toBeCloseTo(66.667, 2)
    expect(row.not_solved).toBeCloseTo(33.333, 2)
    expect(row.rated_a).toBe(2)
    // 1 + 10 + 1 + 34 days (T5 spans the DST switch: 34 days less one hour)
    expect(row.days).toBeCloseTo((1 + 10 + 1 + 34 - 1 / 24) / 4, 6)
    expect(res.columns.find((c: any) => c.key === 'csat')).toEqual(jasmine.objectContaining({ type: 'percent', digits: 1 }))
  })

  it('counts the backlog at the end of the period', async () => {
    const backlog = async (period: unknown) =>
      (await preview({ measures: [{ key: 'open', fn: 'servicedesk.backlog' }], parameters: [companyParam, { key: 'period', type: 'period' }] }, { period })).rows[0].open
    // by 16 March: T1 resolved; T2, T4 and T5 still open
    expect(await backlog({ from: '2026-03-01', to: '2026-03-15' })).toBe(3)
    // by 1 April: only T5 (T3 came after)
    expect(await backlog(MARCH)).toBe(1)
    // by 1 May: only T3
    expect(await backlog({ from: '2026-04-01', to: '2026-04-30' })).toBe(1)
  })

  it('compares a KPI with the previous period of the same length', async () => {
    const res = await preview(
      { measures: [{ key: 'n', fn: 'count' }], parameters: [companyParam, { key: 'period', type: 'period', field: 'created_at' }], presentation: { type: 'kpi', compare: 'previous_period' } },
      { period: { from: '2026-03-01', to: '2026-03-15' } }
    )
    expect(res.rows).toEqual([{ n: 3 }])
    expect(res.previous).toEqual({ period: { from: '2026-02-14', to: '2026-02-28' }, row: { n: 1 } })
  })

  it('stores the business minutes a request took to resolve, across the DST switch', async () => {
    const res = await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: `T6 ${tag}`, extra: { floor: 2 }, contractor: ids.C })
    const id = res.body.data.id
    const created = kyiv('2026-03-27T15:00') // Friday; the clocks go forward on Sunday 29 March
    await engine
      .knex('ticket')
      .where({ id })
      .update({ created_at: created, state_history: JSON.stringify([{ state: 'new', at: created.toISOString() }]) })
    await systemUpdate({ set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex }, 'ticket', id, { resolved_at: kyiv('2026-03-30T10:30') })
    // office hours 08:00–17:00 with lunch 12–13: Friday 15:00–17:00 and Monday 08:00–10:30
    expect((await engine.knex('ticket').where({ id }).first()).resolution_minutes).toBe(270)
    const report = await preview({ measures: [{ key: 'h', fn: 'servicedesk.resolution_hours_avg' }], parameters: [companyParam] }, { company: [ids.C] })
    expect(report.rows).toEqual([{ h: 4.5 }])
  })

  it('refuses bad input with pointers', async () => {
    const bad = await run(supervisor, { period: 'next_century', company: 'x', nope: 1 })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/params/company', '/params/nope', '/params/period'])
    const upside = await run(supervisor, { period: { from: '2026-03-31', to: '2026-03-01' } })
    expect(upside.body.errors.map((e: any) => e.pointer)).toEqual(['/params/period'])
    const missing = await supervisor.post('/api/v1/actions/reports.run', { params: {} })
    expect(missing.status).toBe(422)
    expect(missing.body.errors[0].pointer).toBe('/report')
    const draft = await admin.post('/api/v1/actions/reports.preview', {
      doc: {
        kind: 'report',
        key: 'bad',
        label: { uk: 'x' },
        entity: 'ticket',
        measures: [
          { key: 's', fn: 'sum', field: 'channel' },
          { key: 's', fn: 'count' },
        ],
        dimensions: [{ key: 'd', field: 'channel', bucket: 'month' }],
        presentation: { type: 'bar', x: 'nope' },
      },
    })
    expect(draft.status).toBe(422)
    expect(draft.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/doc/dimensions/0/bucket', '/doc/measures/0/field', '/doc/measures/1/key', '/doc/presentation/x'])
    const shape = await admin.post('/api/v1/actions/reports.preview', { doc: { kind: 'report', key: 'bad', label: { uk: 'x' }, entity: 'ticket', measures: [], presentation: { type: 'table' } } })
    expect(shape.body.errors.map((e: any) => e.pointer)).toEqual(['/doc/measures'])
  })

  it('lists its actions in the OpenAPI document and checks reports published through the metadata API', async () => {
    const openapi = (await admin.get('/api/v1/openapi.json')).body
    expect(openapi.paths['/api/v1/actions/reports.run'].post.requestBody.content['application/json'].schema.required).toEqual(['report'])
    expect(openapi.paths['/api/v1/actions/reports.list'].get).toBeDefined()
    const draft = (await admin.post('/api/v1/meta/drafts')).body
    const put = await admin.put(`/api/v1/meta/drafts/${draft.id}/documents/dashboard/spec_bad_board`, {
      document: {
        kind: 'dashboard',
        key: 'spec_bad_board',
        label: { uk: 'Погана дошка' },
        panels: [
          { report: 'spec_requests', x: 0, y: 0, w: 8, h: 2 },
          { report: 'spec_requests', x: 6, y: 1, w: 6, h: 2 },
          { report: 'no_such_report', x: 8, y: 4, w: 6, h: 2 },
        ],
        roles: ['nobody_role'],
      },
      version: draft.version,
    })
    expect(put.status).withContext(put.text).toBe(200)
    const problems = JSON.stringify((await admin.post(`/api/v1/meta/drafts/${draft.id}/validate`)).body)
    for (const pointer of ['/panels/1', '/panels/2/report', '/panels/2/w', '/roles/0']) expect(problems).withContext(problems).toContain(`"/dashboard/spec_bad_board${pointer}"`)
    await admin.delete(`/api/v1/meta/drafts/${draft.id}`)
  })

  it('answers 404 for a report the caller may not see, 403 for a preview by a non-designer or as another user', async () => {
    expect((await run(operator)).status).toBe(404)
    expect((await run(supervisor, {}, 'spec_admin_only')).status).toBe(404)
    expect((await run(supervisor, {}, 'no_such_report')).status).toBe(404)
    expect((await admin.post('/api/v1/actions/reports.run', { report: 'spec_admin_only' })).status).toBe(200)
    const denied = await supervisor.post('/api/v1/actions/reports.preview', { doc: fixture })
    expect(denied.status).toBe(403)
    // a designer who is not an administrator previews under their own scope, never as someone else
    const designer = await userClient(url, ['spec_report_designer'], { counterparty: ids.B })
    const own = await preview({ measures: [{ key: 'n', fn: 'count' }], parameters: [companyParam] }, {}, designer)
    expect(own.rows).toEqual([{ n: 2 }])
    const asOther = await designer.post('/api/v1/actions/reports.preview', { doc: fixture, asUser: dispatcherA.userId })
    expect(asOther.status).toBe(403)
  })

  it('lists the reports and dashboards the caller may see, and a dashboard without the panels it may not run', async () => {
    const mine = (await supervisor.get('/api/v1/actions/reports.list')).body
    expect(mine.reports.map((r: any) => r.key)).toContain('spec_requests')
    expect(mine.reports.map((r: any) => r.key)).not.toContain('spec_admin_only')
    expect(mine.dashboards).toContain({ key: 'spec_board', label: { uk: 'Дошка (тест)' }, home: true })
    const board = await supervisor.get('/api/v1/actions/reports.dashboard?key=spec_board')
    expect(board.status).toBe(200)
    expect(board.body.dashboard.panels.map((p: any) => p.report)).toEqual(['spec_requests'])
    expect(Object.keys(board.body.reports)).toEqual(['spec_requests'])
    expect((await operator.get('/api/v1/actions/reports.dashboard?key=spec_board')).status).toBe(404)
    expect((await operator.get('/api/v1/actions/reports.list')).body.reports.map((r: any) => r.key)).not.toContain('spec_requests')
  })

  it('serves a second run from the cache and recomputes after a write', async () => {
    const params = { period: MARCH, company: [ids.A] }
    const first = await run(supervisor, params)
    const second = await run(supervisor, params)
    expect(second.body.cached).toBeTrue()
    expect(second.body.computedAt).toBe(first.body.computedAt)
    expect(second.body.rows).toEqual(first.body.rows)
    // another supervisor has the same scope: the same entry
    const other = await userClient(url, ['supervisor'])
    expect((await run(other, params)).body.cached).toBeTrue()
    // a dispatcher has another scope: its own entry
    expect((await run(dispatcherA, params)).body.cached).toBeFalse()
    const changed = await admin.patch(`/api/v1/records/ticket/${ids.T1}`, { feedback_comment: 'дякую' })
    expect(changed.status).withContext(changed.text).toBe(200)
    const after = await run(supervisor, params)
    expect(after.body.cached).toBeFalse()
    expect(after.body.rows).toEqual(first.body.rows)
    // viewers refetching together after a change: computed once, shared by the others
    await admin.patch(`/api/v1/records/ticket/${ids.T1}`, { feedback_comment: 'дякую ще раз' })
    const together = await Promise.all([run(supervisor, params), run(other, params), run(supervisor, params)])
    expect(together.map((r) => r.body.cached).sort()).toEqual([false, true, true])
    expect(new Set(together.map((r) => r.body.computedAt)).size).toBe(1)
  })

  it("hears changes forwarded from another node: the cache drops what they touch and the report's room is told", async () => {
    const params = { period: MARCH, company: [ids.B] }
    await run(supervisor, params)
    expect((await run(supervisor, params)).body.cached).toBeTrue()
    // what core/realtime/server.ts does with a 'vikno:change' from another node
    changes.publishRemote({ event: { entity: 'call', id: ids.T4, version: 2, op: 'updated' } })
    expect((await run(supervisor, params)).body.cached).toBeTrue() // the report reads no calls
    changes.publishRemote({ event: { entity: 'ticket', id: ids.T4, version: 2, op: 'updated' } })
    expect((await run(supervisor, params)).body.cached).toBeFalse()
    // a company's name is the label of its rows
    expect((await run(supervisor, params)).body.cached).toBeTrue()
    changes.publishRemote({ event: { entity: 'counterparty', id: ids.B, version: 2, op: 'updated' } })
    expect((await run(supervisor, params)).body.cached).toBeFalse()
  })

  it("tells sockets in the report's room that its figures changed, and lets in only its viewers", async () => {
    const listen = async (client: ApiClient) => {
      const s = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: client.cookie! } })
      sockets.push(s)
      await new Promise((resolve, reject) => (s.once('connect', () => resolve(null)), s.once('connect_error', reject)))
      const joined = await new Promise<any>((resolve) => s.emit('subscribe', 'report:spec_requests', resolve))
      return { s, joined }
    }
    const outsider = await listen(operator)
    expect(outsider.joined.ok).toBeFalse()
    const { s, joined } = await listen(supervisor)
    expect(joined.ok).toBeTrue()
    const events: unknown[] = []
    s.on('report_changed' as any, (e: unknown) => events.push(e))
    const created = await admin.post('/api/v1/records/ticket', { request_type: 'spec_no_water', description: `T7 ${tag}`, extra: { floor: 3 }, contractor: ids.B })
    expect(created.status).toBe(201)
    const deadline = Date.now() + 8000
    while (!events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    expect(events[0]).toEqual({ report: 'spec_requests' })
    await new Promise((r) => setTimeout(r, 300))
    expect(events.length).toBe(1) // debounced: the create and its follow-up writes are one message
  })
})
