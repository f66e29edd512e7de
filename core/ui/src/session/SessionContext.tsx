import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { UiBootstrap, UiEntity } from '../types/bootstrap.js'
import type { MeResult } from '../api/types.js'
import { ApiError, get, post, setCsrfToken, whenUnauthorized } from '../api/client.js'
import { disconnectRealtime, onMetadataRevision } from '../api/realtime.js'

interface Session {
  status: 'loading' | 'anonymous' | 'ready' | 'error'
  boot?: UiBootstrap
  error?: string
  /** `code`: the second factor, when the account has it on. */
  login(login: string, password: string, code?: string): Promise<void>
  logout(): Promise<void>
  entity(key: string): UiEntity | undefined
}

const SessionContext = createContext<Session | null>(null)

/** The signed-in user and the bootstrap of the screens; anonymous until login. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Session['status']>('loading')
  const [boot, setBoot] = useState<UiBootstrap>()
  const [error, setError] = useState<string>()

  const load = useCallback(async () => {
    try {
      const me = await get<MeResult>('/api/v1/auth/me')
      setCsrfToken(me.csrfToken)
      setBoot(await get<UiBootstrap>('/api/v1/ui/bootstrap'))
      setStatus('ready')
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setStatus('anonymous')
      else {
        setError(e instanceof Error ? e.message : String(e))
        setStatus('error')
      }
    }
  }, [])

  useEffect(() => {
    whenUnauthorized(() => {
      setCsrfToken(null)
      disconnectRealtime()
      setStatus('anonymous')
    })
    void load()
  }, [load])

  // published metadata reaches open screens without a reload: a newer revision → a new bootstrap
  const revision = boot?.revision
  useEffect(() => {
    if (status !== 'ready') return
    return onMetadataRevision((next) => {
      if (next !== null && revision !== undefined && next <= revision) return
      get<UiBootstrap>('/api/v1/ui/bootstrap')
        .then((b) => setBoot((cur) => (cur && cur.revision === b.revision && next === null ? cur : b)))
        .catch(() => {})
    })
  }, [status, revision])

  const value = useMemo<Session>(() => {
    const byKey = new Map(boot?.entities.map((e) => [e.key, e]))
    return {
      status,
      boot,
      error,
      entity: (key) => byKey.get(key),
      async login(login, password, code) {
        const res = await post<{ csrfToken: string }>('/api/v1/auth/login', { login, password, ...(code ? { code } : {}) })
        setCsrfToken(res.csrfToken)
        await load()
      },
      async logout() {
        await post('/api/v1/auth/logout').catch(() => {})
        setCsrfToken(null)
        disconnectRealtime()
        setBoot(undefined)
        setStatus('anonymous')
      },
    }
  }, [status, boot, error, load])

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside SessionProvider')
  return session
}
