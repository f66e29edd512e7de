import { useMemo } from 'react'
import { Link, useLocation, useSearch } from 'wouter'
import { useTranslation } from 'react-i18next'
import { useSession } from '../session/SessionContext.js'
import { useLabel } from '../labels.js'
import { post, recordsPath } from '../api/client.js'
import type { RecordData } from '../api/types.js'
import { RecordForm } from './RecordForm.js'
import { NotFound } from './NotFound.js'

/** A new record of an entity the user may create; saved, it opens as its record page. */
export function NewRecordPage({ entityKey }: { entityKey: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const session = useSession()
  const [, navigate] = useLocation()
  const entity = session.entity(entityKey)
  const search = useSearch()
  // `?ticket=<id>&back=/ticket/<id>`: a related list's "add" prefills the reference and returns there
  const params = useMemo(() => new URLSearchParams(search), [search])
  const defaults = useMemo(() => {
    const out: Partial<RecordData> = {}
    for (const [name, schema] of Object.entries(entity?.schemas.create?.properties ?? {})) {
      if ('default' in schema) out[name] = schema.default
      const given = params.get(name)
      if (given && entity?.fields[name]) out[name] = entity.fields[name].type === 'multi_reference' ? [given] : given
    }
    return out
  }, [entity, params])
  const back = params.get('back')
  const returnTo = back && /^\/[^/\\]/.test(back) ? back : undefined
  if (!entity || !entity.can.create) return <NotFound />
  const save = async (body: Record<string, unknown>) => (await post<{ data: RecordData }>(recordsPath(entity.key), body)).data
  return (
    <article className="record" aria-labelledby="record-title">
      <div className="toolbar">
        <Link href={returnTo ?? `/${entity.key}`} className="back">
          ← {t('record.back')}
        </Link>
      </div>
      <header className="record-head">
        <h1 id="record-title">{t('record.newTitle', { entity: label(entity.label) })}</h1>
      </header>
      <RecordForm boot={session.boot!} entity={entity} mode="new" record={defaults} save={save} onSaved={(r) => navigate(returnTo ?? `/${entity.key}/${r.id}`, { replace: true })} />
    </article>
  )
}
