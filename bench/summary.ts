/** The Markdown summary of a benchmark run (bench/run.ts). */
import { COUNTERPARTIES, OPTS, TARGET_API_VS_RAW_AT_8, TARGET_SCOPED_P95_MS, TARGET_SCOPED_VS_ADMIN, fmt, int, pct } from './options.js'
import type { InsertFigures } from './insert.js'
import { CANDIDATE_INDEXES, VARIANTS, planSummary, type Series, type listBenchmark } from './list.js'
import { TARGET_TICKET_API_VS_RAW, type SlaRow, type ticketBenchmark } from './tickets.js'

// ---------------------------------------------------------------------------------------------
// summary

export type TicketResult = Awaited<ReturnType<typeof ticketBenchmark>>

export function summary(info: Record<string, string>, insert: InsertFigures[] | undefined, list: Awaited<ReturnType<typeof listBenchmark>> | undefined, tickets?: TicketResult, sla?: SlaRow[]) {
  const lines: string[] = []
  lines.push(`### Benchmarks (${info.when})`, '')
  lines.push(
    `Machine: ${info.cpu} × ${info.cores} cores, Node ${process.versions.node}, ${info.pg}; server, PostgreSQL and load generator on the same machine (load average before the run ${info.load}, after it ${info.loadAfter}).`,
    ''
  )
  if (insert?.length) {
    lines.push(
      `**Create work orders** (${OPTS.duration} s per row; API = POST /api/v1/records/work_order with a Bearer token: auth, validation, reference check, insert, audit row, event, read-back; raw = one parameterised INSERT per row through pg.Pool)`,
      ''
    )
    lines.push('| clients | API rows/s | raw rows/s | API / raw | API p50 | API p99 | raw p99 |', '|---:|---:|---:|---:|---:|---:|---:|')
    for (const f of insert) {
      lines.push(`| ${f.clients} | ${int(f.apiRps)} | ${int(f.rawRps)} | ${pct(f.apiRps / f.rawRps)} | ${fmt(f.apiP50)} ms | ${fmt(f.apiP99)} ms | ${fmt(f.rawP99, 2)} ms |`)
    }
    const at8 = insert.find((f) => f.clients === 8)
    if (at8) lines.push('', `Target API/raw ≥ ${pct(TARGET_API_VS_RAW_AT_8)} at 8 clients: ${at8.apiRps / at8.rawRps >= TARGET_API_VS_RAW_AT_8 ? 'met' : 'missed'} (${pct(at8.apiRps / at8.rawRps)}).`)
    lines.push('')
  }
  if (list) {
    const table = (series: Series[]) => {
      const t = ['| query | caller | p50 | p95 | p99 | n | scoped/admin p95 |', '|---|---|---:|---:|---:|---:|---:|']
      for (const s of series) {
        const admin = series.find((x) => x.variant === s.variant && x.caller === 'admin')!
        t.push(
          `| ${VARIANTS[s.variant].label} | ${s.caller === 'admin' ? 'admin' : 'test_contractor (scoped)'} | ${fmt(s.p50)} ms | ${fmt(s.p95)} ms | ${fmt(s.p99)} ms | ${s.n} | ${s.caller === 'scoped' ? `${fmt(s.p95 / admin.p95, 2)}×` : ''} |`
        )
      }
      return t
    }
    lines.push(
      `**List work orders** over ${int(OPTS.rows)} rows, ${COUNTERPARTIES} contractors (the scoped one owns ${int(Number(list.perCp.n))}); sequential GETs after warm-up, latency seen by the client`,
      ''
    )
    lines.push(...table(list.series), '')
    lines.push(`Targets (scoped p95 ≤ ${TARGET_SCOPED_P95_MS} ms and ≤ ${TARGET_SCOPED_VS_ADMIN}× admin): ${list.missed.length ? `missed — ${list.missed.join('; ')}` : 'met'}.`, '')
    if (list.whatIf) {
      lines.push(`With candidate indexes (bench database only, not in the schema): ${CANDIDATE_INDEXES.map((s) => '`' + s.replace(/^CREATE INDEX \w+ ON work_order /, '') + '`').join(', ')}`, '')
      lines.push(...table(list.whatIf), '')
      const fmtPlan = (p?: ReturnType<typeof planSummary>) => (p ? `${p.nodes.join(' → ')} (${fmt(p.ms)} ms)` : 'n/a')
      lines.push('| query / caller | plan with declared indexes | plan with candidate indexes |', '|---|---|---|')
      for (const s of list.series) {
        const key = `${s.variant}/${s.caller}`
        lines.push(`| ${s.variant} / ${s.caller} | ${fmtPlan(list.plans[key])} | ${fmtPlan(list.plansAfter[key])} |`)
      }
      lines.push('')
    }
  }
  if (tickets) {
    lines.push(
      `**Create service-desk requests** (${OPTS.duration} s per row; API = POST /api/v1/records/ticket, type \`spec_no_water\` on an apartment whose street has the water responsibility: type and \`extra\` validation, routing up the object tree, number from a sequence, SLA due dates, SLA timer job, audit row, event, in one transaction; raw = one parameterised INSERT of an equivalent row — number from the same sequence, type, object, description, extra, contractor, status, priority, due dates — through pg.Pool)`,
      ''
    )
    lines.push(
      '| clients | API rows/s | raw rows/s | API / raw | API p50 | API p99 | raw p50 | raw p99 | server CPU per API ticket (main thread user + sys) |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
    )
    for (const f of tickets.figures) {
      const c = tickets.cpu.find((x) => x.clients === f.clients)
      const cpuText = c ? `${fmt(c.procMs, 2)} ms (${fmt(c.mainUserMs, 2)} + ${fmt(c.mainSysMs, 2)})` : ''
      lines.push(
        `| ${f.clients} | ${int(f.apiRps)} | ${int(f.rawRps)} | ${pct(f.apiRps / f.rawRps)} | ${fmt(f.apiP50)} ms | ${fmt(f.apiP99)} ms | ${fmt(f.rawP50, 2)} ms | ${fmt(f.rawP99, 2)} ms | ${cpuText} |`
      )
    }
    lines.push(
      '',
      `Every API ticket routed to the street's water company with its due dates; ${int(tickets.counts.audit)} create audit rows and ${int(tickets.counts.jobs)} SLA timer jobs for ${int(tickets.counts.tickets)} API tickets.`,
      ''
    )
    const d = tickets.diagnosis
    if (d) {
      const worst = Math.min(...tickets.figures.map((f) => f.apiRps / f.rawRps))
      lines.push(
        `Target API/raw ≥ ${pct(TARGET_TICKET_API_VS_RAW)}: ${worst >= TARGET_TICKET_API_VS_RAW ? 'met' : `missed (${pct(worst)})`}. The API's 10 statements (BEGIN, 3 × object parent, responsibilities, nextval, INSERT ticket, INSERT sys_jobs, INSERT sys_audit, COMMIT) replayed through pg: ` +
          d.replay
            .map((r) => {
              const f = tickets.figures.find((x) => x.clients === r.clients)
              return `${int(r.rps)} rows/s at ${r.clients} (p50 ${fmt(r.p50, 2)} ms${f ? `; the API reaches ${pct(f.apiRps / r.rps)} of it` : ''})`
            })
            .join(', ') +
          `; round trip floor (SELECT 1) p50 ${fmt(d.rttP50, 2)} ms.`,
        ''
      )
    }
  }
  if (sla?.length) {
    lines.push(
      `**SLA clock** in process (no server): calendar \`kyiv_office\` (Mon–Fri 08–12, 13–17, UA holidays, martial law), SLA \`standard\`; ${int(OPTS.slaInputs)} inputs created over 2026 at any minute, all four priorities, ~40 % with pause history; one pass per operation timed in 10 chunks`,
      ''
    )
    lines.push('| operation | per second | µs each | noise |', '|---|---:|---:|---|')
    for (const r of sla) lines.push(`| ${r.label} | ${int(r.perSec)} | ${fmt(r.usEach, 2)} | ${r.note ?? ''} |`)
    lines.push('')
  }
  return lines.join('\n')
}
