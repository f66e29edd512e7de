import { useCallback, useEffect, useRef, useState } from 'react'
import { Link, useLocation } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { listen } from '../../../core/ui/src/api/realtime.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import type { Label } from '../../../core/shared/metadata.js'
import { AdminShell, canEditKind } from '../AdminShell.js'
import { useDraft } from '../DraftContext.js'
import { connectorsApi, publishConnector, type ConnectorDoc, type ConnectorInstance, type ConnectorType, type HealthEvent } from './connectors_api.js'
import { ConnectorForm } from './ConnectorForm.js'
import { ConnectorLog } from './ConnectorLog.js'
import { HealthBadge } from './HealthBadge.js'
import '../builder.css'
import './connectors.css'

const asLabel = (l: Label | string | undefined, fallback: string): Label => (typeof l === 'string' ? { uk: l } : (l ?? { uk: fallback }))

const withHealth = (i: ConnectorInstance, e: HealthEvent): ConnectorInstance => ({ ...i, health: { status: e.status, detail: e.detail, since: e.since } })

/**
 * The types and instances, kept live: health changes arrive as `connector_health` socket events.
 * Events that arrive while the list is loading (an instance just published comes up meanwhile)
 * are applied to the loaded list, or they would be lost under its older answer.
 */
function useConnectors() {
  const [types, setTypes] = useState<ConnectorType[]>()
  const [instances, setInstances] = useState<ConnectorInstance[]>()
  const [error, setError] = useState<unknown>()
  const loading = useRef<Map<string, HealthEvent>>(undefined)
  const reload = useCallback(async () => {
    const late = new Map<string, HealthEvent>()
    loading.current = late
    try {
      const [ty, inst] = await Promise.all([connectorsApi.types(), connectorsApi.instances()])
      setTypes(ty)
      setInstances(inst.map((i) => (late.has(i.key) ? withHealth(i, late.get(i.key)!) : i)))
    } catch (e) {
      setError(e)
    } finally {
      if (loading.current === late) loading.current = undefined
    }
  }, [])
  useEffect(() => void reload(), [reload])
  useEffect(
    () =>
      listen<HealthEvent>('connector_health', (e) => {
        loading.current?.set(e.key, e)
        setInstances((list) => list?.map((i) => (i.key === e.key ? withHealth(i, e) : i)))
      }),
    []
  )
  return { types, instances, error, reload }
}

function Page({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation()
  const boot = useSession().boot!
  return <AdminShell title={t('connectors.title')}>{canEditKind(boot, 'connector') ? children : <p>{t('builder.noAccess')}</p>}</AdminShell>
}

/** Enable/disable: the instance's published document with `enabled` changed, published after a confirmation. */
function EnableButton({ instance, onDone }: { instance: ConnectorInstance; onDone(): void }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  async function toggle() {
    const doc = draft.published?.documents[`connector/${instance.key}`] as ConnectorDoc | undefined
    const name = label(asLabel(instance.label, instance.key))
    if (!doc || !window.confirm(t(instance.enabled ? 'connectors.confirmDisable' : 'connectors.confirmEnable', { name }))) return
    setBusy(true)
    setError(undefined)
    try {
      const result = await publishConnector({ ...doc, enabled: !instance.enabled })
      if (result.problems.length) throw new Error(result.problems.map((p) => `${p.pointer}: ${p.message}`).join('; '))
      await draft.refresh()
      onDone()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button
        type="button"
        disabled={busy}
        aria-label={`${t(instance.enabled ? 'connectors.disable' : 'connectors.enable')}: ${label(asLabel(instance.label, instance.key))}`}
        onClick={() => void toggle()}
      >
        {t(instance.enabled ? 'connectors.disable' : 'connectors.enable')}
      </button>
      <ProblemAlert error={error} />
    </>
  )
}

function TypePicker({ types }: { types: ConnectorType[] }) {
  const { t } = useTranslation()
  const label = useLabel()
  if (!types.length) return <p className="empty">{t('connectors.noTypes')}</p>
  return (
    <ul className="connector-types" aria-label={t('connectors.pickType')}>
      {types.map((ty) => (
        <li key={ty.key}>
          <strong>{label(ty.labels)}</strong> <code className="muted small">{ty.key}</code>
          {ty.description ? <p className="small">{typeof ty.description === 'string' ? ty.description : label(ty.description)}</p> : null}
          <p className="capabilities">
            {ty.capabilities.map((c) => (
              <span key={c} className="tag">
                {t(`connectors.capability.${c}`, { defaultValue: c })}
              </span>
            ))}
          </p>
          <Link href={`/admin/connectors/new/${ty.key}`} className="button primary" aria-label={`${t('connectors.choose')}: ${label(ty.labels)}`}>
            {t('connectors.choose')}
          </Link>
        </li>
      ))}
    </ul>
  )
}

function ConnectorList() {
  const { t } = useTranslation()
  const label = useLabel()
  const { types, instances, error, reload } = useConnectors()
  const [picking, setPicking] = useState(false)
  const typeLabel = (key: string) => {
    const ty = types?.find((x) => x.key === key)
    return ty ? label(ty.labels) : key
  }
  return (
    <div className="connectors">
      <p className="muted">{t('connectors.intro')}</p>
      <ProblemAlert error={error} />
      <section className="builder-panel" aria-labelledby="connector-list">
        <h2 id="connector-list">{t('connectors.title')}</h2>
        {!instances ? (
          <p role="status">{t('app.loading')}</p>
        ) : instances.length === 0 ? (
          <p className="empty">{t('connectors.none')}</p>
        ) : (
          <table className="list-table connector-table">
            <thead>
              <tr>
                <th scope="col">{t('connectors.name')}</th>
                <th scope="col">{t('connectors.type')}</th>
                <th scope="col">{t('connectors.status')}</th>
                <th scope="col">{t('connectors.node')}</th>
                <th scope="col">{t('connectors.enabled')}</th>
              </tr>
            </thead>
            <tbody>
              {instances.map((i) => (
                <tr key={i.key} data-connector={i.key}>
                  <td>
                    <Link href={`/admin/connectors/${i.key}`}>{label(asLabel(i.label, i.key))}</Link> <code className="muted small">{i.key}</code>
                  </td>
                  <td>{typeLabel(i.type)}</td>
                  <td>
                    <HealthBadge health={i.health} />
                    {i.health?.detail ? <div className="muted small">{i.health.detail}</div> : null}
                  </td>
                  <td>{i.node ?? '—'}</td>
                  <td>
                    <EnableButton instance={i} onDone={() => void reload()} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="actions">
          <button type="button" className="primary" aria-expanded={picking} onClick={() => setPicking(!picking)}>
            {t('connectors.add')}
          </button>
        </div>
      </section>
      {picking && types ? (
        <section className="builder-panel" aria-labelledby="connector-pick">
          <h2 id="connector-pick">{t('connectors.pickType')}</h2>
          <TypePicker types={types} />
        </section>
      ) : null}
    </div>
  )
}

function NewConnector({ typeKey }: { typeKey: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const [, navigate] = useLocation()
  const draft = useDraft()
  const { types, error } = useConnectors()
  const type = types?.find((x) => x.key === typeKey)
  return (
    <div className="connectors">
      <Link href="/admin/connectors">{t('connectors.back')}</Link>
      <ProblemAlert error={error} />
      {!types ? <p role="status">{t('app.loading')}</p> : null}
      {type ? (
        <>
          <h2>{t('connectors.newTitle', { type: label(type.labels) })}</h2>
          <ConnectorForm
            type={type}
            onPublished={(key) => {
              void draft.refresh()
              navigate(`/admin/connectors/${key}`)
            }}
          />
        </>
      ) : types ? (
        <p>{t('connectors.noTypes')}</p>
      ) : null}
    </div>
  )
}

function Instance({ connectorKey }: { connectorKey: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const { types, instances, error, reload } = useConnectors()
  const doc = draft.published?.documents[`connector/${connectorKey}`] as ConnectorDoc | undefined
  const instance = instances?.find((i) => i.key === connectorKey)
  const type = types?.find((x) => x.key === (doc?.type ?? instance?.type))
  return (
    <div className="connectors">
      <Link href="/admin/connectors">{t('connectors.back')}</Link>
      <ProblemAlert error={error} />
      {draft.ready && !doc && !instance ? <p>{t('connectors.notFound', { key: connectorKey })}</p> : null}
      {doc || instance ? (
        <section className="builder-panel connector-head" aria-labelledby="connector-title">
          <h2 id="connector-title">
            {label(asLabel(doc?.label ?? instance?.label, connectorKey))} <code className="muted small">{connectorKey}</code>
          </h2>
          <p>
            {type ? label(type.labels) : (doc?.type ?? instance?.type)} · <HealthBadge health={instance?.health} />
            {instance?.health?.detail ? <span className="muted small"> {instance.health.detail}</span> : null}
            {instance?.node ? (
              <span className="muted small">
                {' '}
                · {t('connectors.node')}: {instance.node}
              </span>
            ) : null}
          </p>
          {instance ? <EnableButton instance={instance} onDone={() => void reload()} /> : null}
        </section>
      ) : null}
      {type && doc ? <ConnectorForm key={`${draft.published?.revision}`} type={type} existing={doc} onPublished={() => void Promise.all([draft.refresh(), reload()])} /> : null}
      <ConnectorLog connector={connectorKey} />
    </div>
  )
}

const tab = { label: { uk: 'Конектори', en: 'Connectors' }, href: '/admin/connectors', order: 80, kinds: ['connector'] }

/** The admin builder's Connectors screen: instances with live health, adding one from a type, an instance's settings and log. */
export const screen: ScreenDef[] = [
  { path: '/admin/connectors', adminTab: tab, Component: () => <Page>{<ConnectorList />}</Page> },
  { path: '/admin/connectors/new/:type', Component: ({ params }) => <Page>{<NewConnector typeKey={params.type ?? ''} />}</Page> },
  { path: '/admin/connectors/:key', Component: ({ params }) => <Page>{<Instance connectorKey={params.key ?? ''} />}</Page> },
]
