import { useTranslation } from 'react-i18next'
import type { UiEntity } from '../types/bootstrap.js'
import { useLabel } from '../labels.js'
import { useSession } from '../session/SessionContext.js'
import { resolveColumns } from '../list/columns.js'

const UNLISTABLE = new Set(['json', 'multi_reference', 'file', 'geo_point'])

/** Paths a user may show as columns: the view's, then the entity's other readable fields. */
export function columnCandidates(entity: UiEntity, viewColumns: string[]): string[] {
  const own = Object.entries(entity.fields)
    .filter(([, f]) => !UNLISTABLE.has(f.type))
    .map(([n]) => n)
  const system = ['created_at', 'updated_at'].filter((n) => entity.systemFields[n])
  return [...new Set([...viewColumns, ...own, ...system])]
}

/** Which columns the table (and the export) shows; kept in a saved filter. */
export function ListColumns({
  entity,
  candidates,
  value,
  isDefault,
  onChange,
  onReset,
}: {
  entity: UiEntity
  candidates: string[]
  value: string[]
  isDefault: boolean
  onChange(v: string[]): void
  onReset(): void
}) {
  const { t } = useTranslation()
  const label = useLabel()
  const boot = useSession().boot!
  const name = (path: string) => label(resolveColumns(boot, entity, [path])[0]?.field?.label, path)
  return (
    <details className="menu columns">
      <summary className="button">{t('lists.columns.title')}</summary>
      <fieldset className="menu-panel">
        <legend className="sr-only">{t('lists.columns.title')}</legend>
        {candidates.map((path) => (
          <label key={path} className="check">
            <input
              type="checkbox"
              checked={value.includes(path)}
              disabled={value.length === 1 && value.includes(path)}
              onChange={(e) => onChange(e.target.checked ? candidates.filter((c) => c === path || value.includes(c)) : value.filter((c) => c !== path))}
            />
            {name(path)}
          </label>
        ))}
        {!isDefault && (
          <button type="button" className="link" onClick={onReset}>
            {t('lists.columns.reset')}
          </button>
        )}
      </fieldset>
    </details>
  )
}
