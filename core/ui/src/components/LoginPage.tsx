import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useSession } from '../session/SessionContext.js'
import { ApiError } from '../api/client.js'
import { LanguageSwitch } from './LanguageSwitch.js'

export function LoginPage() {
  const { t } = useTranslation()
  const session = useSession()
  const [login, setLogin] = useState('')
  const [password, setPassword] = useState('')
  // the second step, when the account has two-factor sign-in on
  const [code, setCode] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await session.login(login, password, code)
    } catch (err) {
      if (err instanceof ApiError && err.errors.some((e) => e.code === 'second_factor_required')) {
        setCode('')
        return
      }
      setError(err instanceof ApiError ? (err.problem.detail ?? err.problem.title) : t('error.network'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-head">
          <h1 id="login-title">
            <span className="brand">{t('app.name')}</span> {t('login.title')}
          </h1>
          <LanguageSwitch />
        </div>
        <label>
          {t('login.login')}
          <input name="login" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} required autoFocus />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {code !== undefined && (
          <label>
            {t('twoFactor.code')}
            <input name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required autoFocus aria-describedby="code-hint" />
            <small id="code-hint">{t('twoFactor.loginStep')}</small>
          </label>
        )}
        {error && (
          <p className="alert error" role="alert">
            {t('login.failed')}: {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  )
}
