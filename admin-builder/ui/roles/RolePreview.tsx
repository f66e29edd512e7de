import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EntityDoc } from '../../../core/shared/metadata.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { CellValue } from '../../../core/ui/src/components/CellValue.js'
import { useDraft } from '../DraftContext.js'
import { builderApi, type PreviewResult } from '../builder_api.js'

/** "See as this role": the sections, fields and first records a sample user of the role would get (the server computes it, read-only). */
export function RolePreview({ roleKey, entities }: { roleKey: string; entities: EntityDoc[] }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const [attributes, setAttributes] = useState('{}')
  const [entity, setEntity] = useState(entities.find((e) => e.key === 'ticket')?.key ?? entities[0]?.key ?? '')
  const [result, setResult] = useState<PreviewResult>()
  const [error, setError] = useState<unknown>()
  const [badJson, setBadJson] = useState(false)

  async function show() {
    setError(undefined)
    let attrs: Record<string, unknown>
    try {
      attrs = attributes.trim() ? JSON.parse(attributes) : {}
      setBadJson(false)
    } catch {
      setBadJson(true)
      return
    }
    try {
      setResult(await builderApi.preview({ draft: draft.draft?.id, roles: [roleKey], attributes: attrs, entity: entity || undefined }))
    } catch (e) {
      setError(e)
    }
  }

  const seen = result?.bootstrap.entities.find((e) => e.key === result.page?.entity)
  const columns = seen ? Object.keys(seen.fields).slice(0, 6) : []
  return (
    <section className="builder-panel" aria-labelledby="see-as-h">
      <h2 id="see-as-h">{t('builder.roles.seeAs')}</h2>
      <div className="row">
        <label>
          {t('builder.roles.attributes')}
          <input value={attributes} onChange={(e) => setAttributes(e.target.value)} aria-invalid={badJson || undefined} />
        </label>
        <label>
          {t('builder.roles.previewEntity')}
          <select value={entity} onChange={(e) => setEntity(e.target.value)}>
            {entities.map((e) => (
              <option key={e.key} value={e.key}>
                {label(e.label)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void show()}>
          {t('builder.roles.show')}
        </button>
      </div>
      {badJson && <p className="field-error">{t('builder.forms.badJson')}</p>}
      <ProblemAlert error={error} />
      {result && (
        <div data-testid="role-preview">
          <h3>{t('builder.roles.sees')}</h3>
          <p>{result.bootstrap.navigation.map((n) => label(n.label)).join(' · ') || '—'}</p>
          {seen ? (
            <>
              <h3>{t('builder.roles.fieldsOf', { entity: label(seen.label) })}</h3>
              <p>
                {t('builder.roles.can')}:{' '}
                {(['read', 'create', 'update', 'delete', 'export'] as const)
                  .filter((a) => seen.can[a])
                  .map((a) => t(`builder.roles.actions.${a}`))
                  .join(', ')}
              </p>
              <ul className="inline-list">
                {Object.entries(seen.fields).map(([name, f]) => (
                  <li key={name}>
                    {label(f.label, name)}
                    {f.readOnly && <span className="tag">{t('builder.roles.readOnly')}</span>}
                  </li>
                ))}
              </ul>
              <h3>{t('builder.roles.firstRows', { count: result.page?.data.length ?? 0 })}</h3>
              {result.page?.error && <p className="field-error">{result.page.error}</p>}
              <table className="plain">
                <thead>
                  <tr>
                    {columns.map((c) => (
                      <th key={c} scope="col">
                        {label(seen.fields[c].label, c)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {result.page?.data.map((row) => (
                    <tr key={row.id}>
                      {columns.map((c) => (
                        <td key={c}>
                          <CellValue field={seen.fields[c]} value={row[c]} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            result.page && <p>{t('builder.noAccess')}</p>
          )}
        </div>
      )}
    </section>
  )
}
