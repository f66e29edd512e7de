/**
 * `computeSla` and `addBusinessDuration` per second on the demo city's SLA and calendars,
 * over requests created at random instants of two years (so DST changes, holidays and the
 * martial-law range are all crossed). Pure CPU, no database. Prints figures; asserts nothing.
 *   npm run bench:sla [-- --calls N]
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { businessCalendar } from '../modules/servicedesk/sla/calendar.js'
import { computeSla, type SlaClockInput } from '../modules/servicedesk/sla/sla_clock.js'
import { PRIORITIES, type CalendarDoc, type SlaDoc } from '../modules/servicedesk/sla/types.js'

const i = process.argv.indexOf('--calls')
const CALLS = i > 0 ? Number(process.argv[i + 1]) : 200_000
const read = (rel: string) => JSON.parse(readFileSync(join(process.cwd(), 'modules/servicedesk', rel), 'utf8'))
const sla: SlaDoc = read('slas/standard.sla.json')
const calendars = ['kyiv_office', 'always_open'].map((key) => businessCalendar(read(`calendars/${key}.calendar.json`) as CalendarDoc))

// A fixed pseudo-random sequence, so runs compare.
let seed = 42
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
const FROM = Date.UTC(2025, 0, 1)
const SPAN = 730 * 86_400_000

const inputs: SlaClockInput[] = Array.from({ length: 1000 }, (_, n) => {
  const created = FROM + Math.floor(random() * SPAN)
  const paused = n % 3 === 0
  const history = [{ state: 'new', at: new Date(created) }]
  if (paused) history.push({ state: 'waiting_resident', at: new Date(created + 3_600_000) }, { state: 'in_progress', at: new Date(created + 26 * 3_600_000) })
  return {
    sla,
    calendar: calendars[n % 5 === 0 ? 1 : 0],
    priority: PRIORITIES[n % 4],
    createdAt: new Date(created),
    history,
    resolvedAt: n % 7 === 0 ? new Date(created + 50 * 3_600_000) : null,
    now: new Date(created + Math.floor(random() * 6 * 86_400_000)),
  }
})
const durations = ['PT4H', 'P3D', 'P1DT2H', 'PT15M', 'P10D']

function rate(label: string, calls: number, one: (n: number) => void) {
  for (let n = 0; n < Math.min(calls, 20_000); n++) one(n) // warm up (and compile the calendars)
  const started = process.hrtime.bigint()
  for (let n = 0; n < calls; n++) one(n)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  console.log(
    `${label.padEnd(22)} ${Math.round(calls / seconds)
      .toLocaleString('en')
      .padStart(10)}/s  ${((seconds / calls) * 1e6).toFixed(2)} µs/call`
  )
}

rate('computeSla', CALLS, (n) => computeSla(inputs[n % inputs.length]))
rate('addBusinessDuration', CALLS, (n) => {
  const input = inputs[n % inputs.length]
  input.calendar.addBusinessDuration(input.createdAt, durations[n % durations.length])
})
