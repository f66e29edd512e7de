import { useEffect } from 'react'
import { useLocation } from 'wouter'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { listen } from '../../../core/ui/src/api/realtime.js'
import { hasRole } from './api.js'

/**
 * On every page: when the operator's extension rings while they are elsewhere in the app, the
 * single window opens (it finds the ringing call itself and pops its card).
 */
export function CallWatcher() {
  const session = useSession()
  const [location, navigate] = useLocation()
  const agent = !!session.boot && hasRole(session.boot, 'operator', 'supervisor', 'telephony_agent')
  const away = location !== '/desk'
  useEffect(() => {
    if (!agent || !away) return
    return listen<{ event: string }>('call', (pop) => {
      if (pop.event === 'ringing') navigate('/desk')
    })
  }, [agent, away, navigate])
  return null
}
