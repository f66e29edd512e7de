import { useTranslation } from 'react-i18next'
import { useLabel } from '../labels.js'
import type { UiEntity } from '../types/bootstrap.js'
import type { StateChoice } from '../list/states.js'

/** The list's state switch: any open state, every state, or one state (entities with a workflow). */
export function ListStateFilter({ entity, value, onChange }: { entity: UiEntity; value: StateChoice; onChange(choice: StateChoice): void }) {
  const { t } = useTranslation()
  const label = useLabel()
  if (!entity.workflow) return null
  return (
    <label className="state-filter">
      {t('lists.states.label')}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="open">{t('lists.states.open')}</option>
        <option value="all">{t('lists.states.all')}</option>
        {Object.entries(entity.workflow.states).map(([key, s]) => (
          <option key={key} value={key}>
            {label(s.label)}
          </option>
        ))}
      </select>
    </label>
  )
}
