import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, get, post } from '../api/client.js'

interface TwoFactorState {
  enabled: boolean
  required: boolean
  verified: boolean
}

/**
 * Two-factor sign-in on the profile page: enrol with an authenticator app (QR code or the
 * secret typed in), confirm with a code, keep the recovery codes shown once; or turn it off.
 */
export function TwoFactor() {
  const { t } = useTranslation()
  const [state, setState] = useState<TwoFactorState>()
  const [enrolment, setEnrolment] = useState<{ secret: string; qr: string }>()
  const [recovery, setRecovery] = useState<string[]>()
  const [code, setCode] = useState('')
  const [error, setError] = useState<string>()
  const load = useCallback(async () => setState((await get<{ twoFactor: TwoFactorState }>('/api/v1/auth/me')).twoFactor), [])
  useEffect(() => {
    void load().catch(() => {})
  }, [load])
  const fail = (err: unknown) => setError(err instanceof ApiError ? (err.errors[0]?.message ?? err.problem.title) : String(err))

  const start = async () => {
    setError(undefined)
    try {
      setEnrolment(await post<{ secret: string; qr: string }>('/api/v1/auth/2fa/enrol'))
    } catch (err) {
      fail(err)
    }
  }
  const confirm = async (e: FormEvent) => {
    e.preventDefault()
    setError(undefined)
    try {
      setRecovery((await post<{ recoveryCodes: string[] }>('/api/v1/auth/2fa/confirm', { code })).recoveryCodes)
      setEnrolment(undefined)
      setCode('')
      await load()
    } catch (err) {
      fail(err)
    }
  }
  const disable = async (e: FormEvent) => {
    e.preventDefault()
    setError(undefined)
    try {
      await post('/api/v1/auth/2fa/disable', { code })
      setCode('')
      setRecovery(undefined)
      await load()
    } catch (err) {
      fail(err)
    }
  }
  if (!state) return null
  const codeInput = (
    <label>
      {t('twoFactor.code')}
      <input inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} aria-invalid={!!error} aria-describedby={error ? 'two-factor-error' : undefined} />
    </label>
  )
  return (
    <section className="card two-factor" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">{t('twoFactor.title')}</h2>
      <p role="status">{state.enabled ? t('twoFactor.on') : state.required ? t('twoFactor.required') : t('twoFactor.off')}</p>
      {!state.enabled && !enrolment && (
        <button type="button" onClick={() => void start()}>
          {t('twoFactor.enable')}
        </button>
      )}
      {enrolment && (
        <form onSubmit={(e) => void confirm(e)} noValidate>
          <p>{t('twoFactor.scan')}</p>
          <img src={enrolment.qr} alt={t('twoFactor.qrAlt')} width={200} height={200} />
          <p>
            {t('twoFactor.secret')} <code className="secret">{enrolment.secret}</code>
          </p>
          {codeInput}
          <button type="submit" className="primary">
            {t('twoFactor.confirm')}
          </button>
        </form>
      )}
      {recovery && (
        <div className="alert warning" role="status">
          <p>{t('twoFactor.recoveryOnce')}</p>
          <ul className="recovery-codes">
            {recovery.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {state.enabled && !state.required && (
        <form className="inline" onSubmit={(e) => void disable(e)} noValidate>
          {codeInput}
          <button type="submit">{t('twoFactor.disable')}</button>
        </form>
      )}
      {error && (
        <p id="two-factor-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
