import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client.js'

/** A problem+json error in words: its title, detail, and field errors that no field shows. */
export function ProblemAlert({ error, messages }: { error?: unknown; messages?: string[] }) {
  const { t } = useTranslation()
  if (!error && !messages?.length) return null
  const problem = error instanceof ApiError ? error.problem : undefined
  return (
    <div className="alert error" role="alert">
      <strong>{problem?.title ?? (error ? t('error.generic') : t('record.invalid'))}</strong>
      {problem?.detail && <span> {problem.detail}</span>}
      {messages && messages.length > 0 && (
        <ul>
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      {!problem && error instanceof Error && <span> {error.message}</span>}
    </div>
  )
}
