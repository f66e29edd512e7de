import { useEffect, useState } from 'react'
import type { ReportChangedEvent } from '../../../core/shared/reports.js'
import { listen, subscribe } from '../../../core/ui/src/api/realtime.js'

/**
 * Joins `report:<key>` for each report and counts, per report, the refreshes due: a
 * `report_changed` event starts a wait of `debounceMs` (later events in that wait fold into
 * it), then the count goes up; after a reconnect (events may have been missed) every count does.
 */
export function useLiveReports(keys: string[], debounceMs = 2000): Record<string, number> {
  const [ticks, setTicks] = useState<Record<string, number>>({})
  const joined = [...new Set(keys)].sort().join(',')
  useEffect(() => {
    const reports = joined ? joined.split(',') : []
    if (!reports.length) return
    const timers = new Map<string, ReturnType<typeof setTimeout>>()
    const bump = (keys: string[]) => setTicks((t) => Object.fromEntries([...Object.entries(t), ...keys.map((k) => [k, (t[k] ?? 0) + 1])]))
    const later = (key: string) => {
      if (!timers.has(key))
        timers.set(
          key,
          setTimeout(() => {
            timers.delete(key)
            bump([key])
          }, debounceMs)
        )
    }
    let lost = false
    const offs = [
      ...reports.map((k) => subscribe(`report:${k}`, () => {})),
      listen<ReportChangedEvent>('report_changed', (e) => reports.includes(e.report) && later(e.report)),
      listen('disconnect', () => (lost = true)),
      listen('connect', () => {
        if (lost) bump(reports)
        lost = false
      }),
    ]
    return () => {
      timers.forEach((t) => clearTimeout(t))
      offs.forEach((off) => off())
    }
  }, [joined, debounceMs])
  return ticks
}
