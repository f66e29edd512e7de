import { useState } from 'react'
import { Link, useLocation } from 'wouter'
import { useTranslation } from 'react-i18next'
import { post } from '../../../../core/ui/src/api/client.js'
import { ProblemAlert } from '../../../../core/ui/src/components/ProblemAlert.js'
import { useLabel } from '../../../../core/ui/src/labels.js'
import { useDraft } from '../../../../admin-builder/ui/DraftContext.js'
import type { MetaDocument } from '../../../../admin-builder/ui/api.js'
import { Loading, LabelInputs, ProblemList, PublishBar, SaveBar } from '../../../../admin-builder/ui/common/EditorParts.js'
import { useDocEditor } from '../../../../admin-builder/ui/common/useDocEditor.js'
import { ExtraFieldsEditor } from './ExtraFieldsEditor.js'
import { RoutingEditor, type RoutingRule } from './RoutingEditor.js'
import { RequestTypeSlaSection } from './RequestTypeSlaSection.js'
import type { RequestTypeDoc } from './RequestTypeList.js'
import { ticketCategories } from './categories.js'
import './request_types.css'

const CHANNELS = ['phone', 'bot', 'portal', 'email', 'walk_in', 'api'] as const
const PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const
type Label = { uk: string; en?: string }
type Redirect = { message: Label; phone?: string; counterparty?: string; record?: boolean }

/** Without the keys whose value is undefined, empty text or an empty list (absent in metadata). */
function compact(doc: MetaDocument): MetaDocument {
  const out: MetaDocument = { ...doc }
  for (const [k, v] of Object.entries(out)) if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0 && k !== 'routing')) delete out[k]
  return out
}

/** One request type: its words, extra fields, SLA, workflow, routing, channels, instructions, redirect; clone or retire it. */
export function RequestTypeEditor({ typeKey }: { typeKey: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const [, navigate] = useLocation()
  const editor = useDocEditor<RequestTypeDoc>('request_type', typeKey)
  const [cloneKey, setCloneKey] = useState('')
  const [cloneError, setCloneError] = useState<unknown>()
  const [recomputed, setRecomputed] = useState<string>()
  const [recomputeError, setRecomputeError] = useState<unknown>()
  const doc = editor.doc
  if (editor.loading) return <Loading failed={editor.failed} />
  if (!doc) return <p role="alert">{t('rt.notFound', { key: typeKey })}</p>
  const change = (patch: Record<string, unknown>) => editor.change(compact({ ...doc, ...patch }) as RequestTypeDoc)
  const workflows = draft.docs('workflow').filter((w) => w.entity === 'ticket')
  const categories = ticketCategories(draft)
  const redirect = doc.redirect as Redirect | undefined

  const clone = async () => {
    setCloneError(undefined)
    const key = cloneKey.trim()
    if (!/^[a-z][a-z0-9_]*$/.test(key) || draft.doc('request_type', key)) return setCloneError(new Error(t('rt.cloneKeyInvalid')))
    const copy: MetaDocument = { ...doc, key, label: { uk: `${doc.label.uk} (${t('rt.copy')})`, ...(doc.label.en ? { en: `${doc.label.en} (copy)` } : {}) } }
    delete copy.publicCode // unique among types
    delete copy.smsCode // so is the SMS code word
    try {
      await draft.save('request_type', key, copy)
      navigate(`/admin/request-types/${key}`)
    } catch (e) {
      setCloneError(e)
    }
  }
  const recompute = async () => {
    setRecomputeError(undefined)
    try {
      const r = await post<{ data: { open: number; changed: number } }>('/api/v1/actions/servicedesk.sla_recompute', { request_type: typeKey })
      setRecomputed(t('rt.recomputeDone', { open: r.data.open, changed: r.data.changed }))
    } catch (e) {
      setRecomputeError(e)
    }
  }

  const recomputeAfterPublish = {
    label: t('rt.recomputeAtPublish'),
    async run() {
      const r = await post<{ data: { open: number; changed: number } }>('/api/v1/actions/servicedesk.sla_recompute', { request_type: typeKey })
      return t('rt.recomputedAtPublish', { count: r.data.changed })
    },
  }

  return (
    <div className="rt-editor">
      <p>
        <Link href="/admin/request-types">{t('rt.back')}</Link>
      </p>
      <p className="rt-key">
        <code>{typeKey}</code> {doc.active === false && <span className="tag">{t('rt.retired')}</span>}
      </p>
      <ProblemList problems={editor.problems} />

      <section aria-labelledby="rt-basics">
        <h2 id="rt-basics">{t('rt.basics')}</h2>
        <LabelInputs id="rt-label" legend={t('rt.name')} value={doc.label} onChange={(l) => change({ label: l })} />
        <div className="grid-fields">
          <label htmlFor="rt-cat">{t('rt.category')}</label>
          <select id="rt-cat" value={doc.category} onChange={(e) => change({ category: e.target.value })}>
            {!categories.some((c) => c.key === doc.category) && <option value={doc.category}>{doc.category}</option>}
            {categories.map((c) => (
              <option key={c.key} value={c.key}>
                {label(c.label)}
              </option>
            ))}
          </select>
          <label htmlFor="rt-workflow">{t('rt.workflow')}</label>
          <select id="rt-workflow" value={doc.workflow} onChange={(e) => change({ workflow: e.target.value })}>
            {workflows.map((w) => (
              <option key={w.key} value={w.key}>
                {label(w.label as Label, w.key)}
              </option>
            ))}
          </select>
          <label htmlFor="rt-priority">{t('rt.defaultPriority')}</label>
          <select id="rt-priority" value={String(doc.defaultPriority ?? 'normal')} onChange={(e) => change({ defaultPriority: e.target.value })}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`sla.priorities.${p}`)}
              </option>
            ))}
          </select>
          <label htmlFor="rt-keywords">{t('rt.keywords')}</label>
          <input
            id="rt-keywords"
            value={(doc.keywords ?? []).join(', ')}
            onChange={(e) =>
              change({
                keywords: e.target.value
                  .split(',')
                  .map((w) => w.trim())
                  .filter(Boolean),
              })
            }
          />
          <label htmlFor="rt-public-code">{t('rt.publicCode')}</label>
          <input id="rt-public-code" value={String(doc.publicCode ?? '')} onChange={(e) => change({ publicCode: e.target.value })} />
          <label htmlFor="rt-sms-code">{t('rt.smsCode')}</label>
          <input
            id="rt-sms-code"
            aria-describedby="rt-sms-code-help"
            value={String(doc.smsCode ?? '')}
            onChange={(e) => change({ smsCode: e.target.value.trim().toLocaleUpperCase('uk') || undefined })}
          />
          <small id="rt-sms-code-help" className="muted">
            {t('rt.smsCodeHelp')}
          </small>
        </div>
        <label className="check">
          <input type="checkbox" checked={doc.public === true} onChange={(e) => change({ public: e.target.checked || undefined })} /> {t('rt.public')}
        </label>
        <label className="check">
          <input type="checkbox" checked={doc.active !== false} onChange={(e) => change({ active: e.target.checked ? undefined : false })} /> {t('rt.activeLong')}
        </label>
      </section>

      <section aria-labelledby="rt-fields">
        <h2 id="rt-fields">{t('rt.extraFields')}</h2>
        <ExtraFieldsEditor
          fields={(doc.fields ?? {}) as Record<string, Record<string, unknown>>}
          required={(doc.requiredFields ?? []) as string[]}
          onChange={(fields, requiredFields) => change({ fields: Object.keys(fields).length ? fields : undefined, requiredFields })}
        />
      </section>

      <section aria-labelledby="rt-sla-title">
        <h2 id="rt-sla-title">{t('rt.slaSection')}</h2>
        <RequestTypeSlaSection doc={doc} onChange={(next) => editor.change(compact(next) as RequestTypeDoc)} dirty={editor.dirty} />
        <div className="recompute">
          <button type="button" onClick={() => void recompute()}>
            {t('rt.recompute')}
          </button>
          <span className="muted"> {t('rt.recomputeHelp')}</span>
          {recomputed && <p role="status">{recomputed}</p>}
          <ProblemAlert error={recomputeError} />
        </div>
      </section>

      <section aria-labelledby="rt-routing">
        <h2 id="rt-routing">{t('rt.routing')}</h2>
        <RoutingEditor rules={(doc.routing ?? []) as RoutingRule[]} onChange={(routing) => change({ routing: routing.length ? routing : undefined })} />
      </section>

      <section aria-labelledby="rt-channels">
        <h2 id="rt-channels">{t('rt.channels')}</h2>
        <div className="checks">
          {CHANNELS.map((c) => {
            const list = (doc.channels ?? []) as string[]
            return (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  checked={!doc.channels || list.includes(c)}
                  onChange={(e) => {
                    const base = doc.channels ? list : [...CHANNELS]
                    const next = e.target.checked ? [...base, c] : base.filter((x) => x !== c)
                    change({ channels: next.length === CHANNELS.length ? undefined : next })
                  }}
                />{' '}
                {t(`rt.channel.${c}`)}
              </label>
            )
          })}
        </div>
      </section>

      <section aria-labelledby="rt-instructions">
        <h2 id="rt-instructions">{t('rt.instructions')}</h2>
        <LabelInputs
          id="rt-instr"
          legend={t('rt.instructionsLegend')}
          multiline
          value={doc.instructions as Label | undefined}
          onChange={(l) => change({ instructions: l.uk || l.en ? l : undefined })}
        />
      </section>

      <section aria-labelledby="rt-redirect">
        <h2 id="rt-redirect">{t('rt.redirect')}</h2>
        <label className="check">
          <input type="checkbox" checked={!!redirect} onChange={(e) => change({ redirect: e.target.checked ? { message: { uk: '' } } : undefined })} /> {t('rt.redirectOn')}
        </label>
        {redirect && (
          <>
            <LabelInputs id="rt-redir-msg" legend={t('rt.redirectMessage')} multiline value={redirect.message} onChange={(message) => change({ redirect: { ...redirect, message } })} />
            <div className="grid-fields">
              <label htmlFor="rt-redir-phone">{t('rt.redirectPhone')}</label>
              <input id="rt-redir-phone" type="tel" value={redirect.phone ?? ''} onChange={(e) => change({ redirect: compact({ ...redirect, phone: e.target.value } as any) })} />
              <label htmlFor="rt-redir-cp">{t('rt.counterparty')}</label>
              <input id="rt-redir-cp" value={redirect.counterparty ?? ''} onChange={(e) => change({ redirect: compact({ ...redirect, counterparty: e.target.value } as any) })} />
            </div>
            <label className="check">
              <input type="checkbox" checked={redirect.record === true} onChange={(e) => change({ redirect: compact({ ...redirect, record: e.target.checked || undefined } as any) })} />{' '}
              {t('rt.redirectRecord')}
            </label>
          </>
        )}
      </section>

      <SaveBar editor={editor} />
      <section className="clone" aria-labelledby="rt-clone">
        <h2 id="rt-clone">{t('rt.clone')}</h2>
        <label htmlFor="rt-clone-key">{t('rt.cloneKey')}</label>
        <input id="rt-clone-key" value={cloneKey} placeholder={`${typeKey}_2`} onChange={(e) => setCloneKey(e.target.value)} />
        <button type="button" onClick={() => void clone()}>
          {t('rt.cloneButton')}
        </button>
        <ProblemAlert error={cloneError} />
      </section>
      <PublishBar after={recomputeAfterPublish} />
    </div>
  )
}
