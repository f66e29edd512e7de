/** The live refresh every screen of the modules uses: record events of rooms and module events, debounced. */
import { useEffect, useRef } from 'react'
import { listen, subscribe } from './realtime.js'

/** Calls `refresh` (at most every 300 ms) on any of these rooms' record events or module events. */
export function useLive(refresh: () => void, rooms: string[], events: string[] = []) {
  const latest = useRef(refresh)
  latest.current = refresh
  const key = [...rooms, '|', ...events].join(',')
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const later = () => {
      if (!timer) timer = setTimeout(() => ((timer = undefined), latest.current()), 300)
    }
    const offs = [...rooms.map((r) => subscribe(r, later)), ...events.map((e) => listen(e, later))]
    return () => {
      if (timer) clearTimeout(timer)
      offs.forEach((off) => off())
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
}
