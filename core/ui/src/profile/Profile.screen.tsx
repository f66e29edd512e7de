import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, api, get, post } from '../api/client.js'
import { useSession } from '../session/SessionContext.js'
import { useLabel } from '../labels.js'
import { LanguageSwitch } from '../components/LanguageSwitch.js'
import type { ScreenDef } from '../extensions.js'
import { TwoFactor } from './TwoFactor.js'
import './profile.css'

interface TokenRow {
  id: string
  name: string
  prefix: string
  created_at: string
  last_used_at: string | null
  expires_at: string | null
  revoked_at: string | null
}

/** The signed-in user: who they are, their roles, language, password and personal API tokens. */
function ProfilePage() {
  const { t } = useTranslation()
  const label = useLabel()
  const boot = useSession().boot!
  return (
    <article className="profile" aria-labelledby="profile-title">
      <h1 id="profile-title">{t('profile.title')}</h1>
      <dl className="profile-facts">
        <dt>{t('profile.name')}</dt>
        <dd>{boot.user.name ?? '—'}</dd>
        <dt>{t('login.login')}</dt>
        <dd>{boot.user.login}</dd>
        <dt>{t('user.roles')}</dt>
        <dd>{boot.roles.map((r) => label(r.label)).join(', ')}</dd>
        <dt>{t('app.language')}</dt>
        <dd>
          <LanguageSwitch />
        </dd>
      </dl>
      <PasswordForm />
      <TwoFactor />
      <Tokens />
    </article>
  )
}

function fieldError(error: unknown, pointer: string) {
  return error instanceof ApiError ? error.errors.find((e) => e.pointer === pointer)?.message : undefined
}

function PasswordForm() {
  const { t } = useTranslation()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [error, setError] = useState<unknown>()
  const [done, setDone] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(undefined)
    setDone(false)
    try {
      await post('/api/v1/auth/password', { currentPassword: current, newPassword: next })
      setCurrent('')
      setNext('')
      setDone(true)
    } catch (err) {
      setError(err)
    }
  }
  const currentError = fieldError(error, '/currentPassword')
  const nextError = fieldError(error, '/newPassword')
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="password-title" noValidate>
      <h2 id="password-title">{t('profile.password')}</h2>
      <label>
        {t('profile.currentPassword')}
        <input
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          aria-invalid={!!currentError}
          aria-describedby={currentError ? 'current-error' : undefined}
        />
      </label>
      {currentError && (
        <p id="current-error" className="field-error">
          {currentError}
        </p>
      )}
      <label>
        {t('profile.newPassword')}
        <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} aria-invalid={!!nextError} aria-describedby={nextError ? 'new-error' : undefined} />
      </label>
      {nextError && (
        <p id="new-error" className="field-error">
          {nextError}
        </p>
      )}
      {error !== undefined && !currentError && !nextError && (
        <p className="field-error" role="alert">
          {error instanceof Error ? error.message : String(error)}
        </p>
      )}
      {done && <p role="status">{t('profile.passwordChanged')}</p>}
      <button type="submit">{t('profile.changePassword')}</button>
    </form>
  )
}

function Tokens() {
  const { t, i18n } = useTranslation()
  const [rows, setRows] = useState<TokenRow[]>([])
  const [name, setName] = useState('')
  const [secret, setSecret] = useState<string>()
  const [error, setError] = useState<unknown>()
  const load = useCallback(async () => setRows((await get<{ data: TokenRow[] }>('/api/v1/auth/tokens')).data), [])
  useEffect(() => {
    void load().catch(setError)
  }, [load])
  const create = async (e: FormEvent) => {
    e.preventDefault()
    setError(undefined)
    try {
      const res = await post<{ token: string }>('/api/v1/auth/tokens', { name })
      setSecret(res.token)
      setName('')
      await load()
    } catch (err) {
      setError(err)
    }
  }
  const revoke = async (id: string) => {
    await api('DELETE', `/api/v1/auth/tokens/${id}`)
    await load()
  }
  const when = (v: string | null) => (v ? new Date(v).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'uk-UA', { timeZone: 'Europe/Kyiv' }) : '—')
  const nameError = fieldError(error, '/name')
  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('profile.tokens')}</h2>
      <p className="muted">{t('profile.tokensHint')}</p>
      <form className="inline" onSubmit={(e) => void create(e)} noValidate>
        <label>
          {t('profile.tokenName')}
          <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!nameError} aria-describedby={nameError ? 'token-name-error' : undefined} />
        </label>
        <button type="submit">{t('profile.createToken')}</button>
      </form>
      {nameError && (
        <p id="token-name-error" className="field-error">
          {nameError}
        </p>
      )}
      {secret && (
        <div className="alert warning" role="status">
          <p>{t('profile.tokenOnce')}</p>
          <code className="secret">{secret}</code>
        </div>
      )}
      {rows.length > 0 && (
        <table className="records">
          <thead>
            <tr>
              <th scope="col">{t('profile.tokenName')}</th>
              <th scope="col">{t('profile.tokenCreated')}</th>
              <th scope="col">{t('profile.tokenUsed')}</th>
              <th scope="col">{t('profile.tokenState')}</th>
              <th scope="col">
                <span className="sr-only">{t('profile.revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.name} <code className="muted">vkn_{r.prefix}…</code>
                </td>
                <td>{when(r.created_at)}</td>
                <td>{when(r.last_used_at)}</td>
                <td>{r.revoked_at ? t('profile.revoked') : t('profile.active')}</td>
                <td>
                  {!r.revoked_at && (
                    <button type="button" onClick={() => void revoke(r.id)} aria-label={t('profile.revokeNamed', { name: r.name })}>
                      {t('profile.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export const screen: ScreenDef = { path: '/profile', Component: ProfilePage }
