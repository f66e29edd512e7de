import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client.js'
import { formatDateTime } from '../labels.js'
import { knownName, loadNames } from '../api/references.js'
import { useSession } from '../session/SessionContext.js'

/** 409: someone saved the record since it was loaded; say who and when, offer to reload. */
export function ConflictAlert({ error, onReload }: { error: ApiError; onReload?(): void }) {
  const { t, i18n } = useTranslation()
  const by = typeof error.problem.updatedBy === 'string' ? error.problem.updatedBy : undefined
  const at = typeof error.problem.updatedAt === 'string' ? error.problem.updatedAt : undefined
  const boot = useSession().boot
  const [, named] = useState(0)
  useEffect(() => {
    if (boot && by && !knownName('user', by))
      void loadNames(boot, 'user', [by])
        .then(() => named((n) => n + 1))
        .catch(() => {})
  }, [boot, by])
  const who = by ? ` (${knownName('user', by) ?? `#${by.slice(0, 8)}`})` : ''
  const when = at ? `, ${formatDateTime(at, i18n.language)}` : ''
  return (
    <div className="alert warning" role="alert">
      <p>{t('record.conflict', { who, when })}</p>
      {onReload && (
        <button type="button" onClick={onReload}>
          {t('record.reload')}
        </button>
      )}
    </div>
  )
}
