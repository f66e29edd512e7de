import { useTranslation } from 'react-i18next'
import type { PublishResult, SchemaAction } from '../api.js'
import { actionText } from './planWords.js'

interface Assessment {
  action: SchemaAction
  rows: number
  message: string
}

/** What a publish would do (a dry run) or refused to do: database actions, their SQL, destructive ones with the rows they touch. */
export function PlanView({ plan, refused }: { plan?: Partial<PublishResult>; refused?: { actions?: SchemaAction[]; assessments?: Assessment[] } }) {
  const { t } = useTranslation()
  const actions = plan?.actions ?? refused?.actions ?? []
  const assessments = ((plan?.assessments ?? refused?.assessments ?? []) as Assessment[]).filter((a) => a && typeof a.rows === 'number')
  return (
    <div className="plan" data-testid="plan">
      {assessments.length > 0 && (
        <div className="destructive" role="alert">
          <strong>{t('builder.plan.destructive')}</strong>
          <ul>
            {assessments.map((a, i) => (
              <li key={i}>
                {actionText(a.action, t)} — <strong>{t('builder.plan.rows', { count: a.rows })}</strong>
              </li>
            ))}
          </ul>
        </div>
      )}
      {actions.length === 0 ? (
        <p>{t('builder.plan.none')}</p>
      ) : (
        <>
          <h3>{t('builder.plan.actions')}</h3>
          <ul>
            {actions.map((a, i) => (
              <li key={i}>
                {actionText(a, t)}
                {a.destructive && <span className="tag danger">!</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {plan?.sql && plan.sql.length > 0 && (
        <details>
          <summary>{t('builder.plan.sql')}</summary>
          <pre>{plan.sql.join(';\n')};</pre>
        </details>
      )}
    </div>
  )
}
