import { mapState } from '../shared/map.js'

describe('mapState', () => {
  const now = Date.parse('2026-03-10T12:00:00Z')
  const cases: Array<[string, 'ticket' | 'assignment', Record<string, unknown>, string | undefined, string]> = [
    ['a new request', 'ticket', {}, 'new', 'on_time'],
    ['the SLA warning', 'ticket', { sla_warning: true }, 'open', 'warning'],
    ['a late resolution', 'ticket', { sla_warning: true, resolution_breached: true }, 'open', 'breached'],
    ['a late response not yet given', 'ticket', { response_breached: true }, 'open', 'breached'],
    ['a late response given since', 'ticket', { response_breached: true, first_response_at: '2026-03-10T10:00:00Z' }, 'open', 'on_time'],
    ['waiting for the resident, even when late', 'ticket', { resolution_breached: true }, 'paused', 'paused'],
    ['resolved', 'ticket', { resolved_at: '2026-03-10T10:00:00Z', resolution_breached: true }, 'open', 'done'],
    ['cancelled', 'ticket', {}, 'cancelled', 'done'],
    ['an assignment a week ahead', 'assignment', { deadline: '2026-03-17T12:00:00Z' }, 'new', 'on_time'],
    ['an assignment due tonight', 'assignment', { deadline: '2026-03-10T20:00:00Z' }, 'open', 'warning'],
    ['an assignment past its deadline', 'assignment', { deadline: '2026-03-09T20:00:00Z' }, 'open', 'breached'],
    ['an assignment flagged overdue', 'assignment', { deadline: '2026-03-17T12:00:00Z', overdue: true }, 'open', 'breached'],
    ['a reported assignment', 'assignment', { deadline: '2026-03-09T20:00:00Z' }, 'resolved', 'done'],
  ]
  for (const [name, entity, row, category, state] of cases) {
    it(`${name}: ${state}`, () => expect(mapState(entity, row, category, now)).toBe(state))
  }
})
