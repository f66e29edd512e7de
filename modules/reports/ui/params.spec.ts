import type { ReportParameter } from '../../../core/shared/reports.js'
import { PERIOD_PRESETS, fileNameOf, panelParams, paramsFromQuery, parsePeriod, queryFromParams, withDefaults } from './params.js'

const parameters: ReportParameter[] = [
  { key: 'period', type: 'period', field: 'created_at', default: 'this_month' },
  { key: 'district', type: 'reference', to: 'object', fields: ['object', 'object.parent'] },
  { key: 'priority', type: 'enum', field: 'priority' },
  { key: 'on', type: 'date', field: 'due_at' },
]

describe('dashboard parameters in the URL', () => {
  it('reads presets and explicit periods, and nothing malformed', () => {
    expect(PERIOD_PRESETS.length).toBe(11)
    expect(parsePeriod('last_30_days')).toBe('last_30_days')
    expect(parsePeriod('2026-03-01..2026-03-31')).toEqual({ from: '2026-03-01', to: '2026-03-31' })
    expect(parsePeriod('2026-03-31..2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-31' })
    expect(parsePeriod('last_decade')).toBeUndefined()
    expect(parsePeriod('2026-3-1..2026-03-31')).toBeUndefined()
    expect(parsePeriod(null)).toBeUndefined()
  })

  it('round-trips values through the query string, keeping other keys', () => {
    const values = { period: { from: '2026-03-01', to: '2026-03-31' }, district: ['a', 'b'], priority: 'high' }
    const search = queryFromParams(parameters, values, '?tab=1')
    expect(search).toBe('?tab=1&period=2026-03-01..2026-03-31&district=a%2Cb&priority=high')
    expect(paramsFromQuery(parameters, search)).toEqual(values)
    // cleared values leave the URL
    expect(queryFromParams(parameters, { period: 'today', district: null, priority: [] }, search)).toBe('?tab=1&period=today')
    expect(paramsFromQuery(parameters, '?period=soon&on=tomorrow&district=x')).toEqual({ district: 'x' })
    expect(paramsFromQuery(undefined, '?period=today')).toEqual({})
  })

  it('shows defaults until the viewer picks', () => {
    expect(withDefaults(parameters, {})).toEqual({ period: 'this_month' })
    expect(withDefaults(parameters, { period: 'today' })).toEqual({ period: 'today' })
  })

  it("gives each panel's report the parameters it declares, the panel's fixed values first", () => {
    const report: ReportParameter[] = [
      { key: 'period', type: 'period' },
      { key: 'priority', type: 'enum', field: 'priority' },
    ]
    const dashboard = { period: 'this_week', district: 'd1', priority: 'low' }
    expect(panelParams(report, {}, dashboard)).toEqual({ period: 'this_week', priority: 'low' })
    expect(panelParams(report, { params: { priority: 'high' } }, dashboard)).toEqual({ period: 'this_week', priority: 'high' })
    expect(panelParams(undefined, { params: { priority: 'high' } }, dashboard)).toEqual({})
  })

  it('names a downloaded file by its Content-Disposition, the UTF-8 name first', () => {
    expect(fileNameOf(`attachment; filename="Zvit.pdf"; filename*=UTF-8''${encodeURIComponent('Звіт мера.pdf')}`, 'mayor.pdf')).toBe('Звіт мера.pdf')
    expect(fileNameOf('attachment; filename="report.csv"', 'x.csv')).toBe('report.csv')
    expect(fileNameOf(null, 'load.xlsx')).toBe('load.xlsx')
  })
})
