import { useEffect, useState } from 'react'
import { Link, useLocation } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { AdminShell, canEditKind } from '../AdminShell.js'
import { useDraft } from '../DraftContext.js'
import { DocListNav } from '../common/DocListNav.js'
import { ProblemList, PublishBar, SaveBar } from '../common/EditorParts.js'
import { TextInput } from '../common/Inputs.js'
import { useDocEditor } from '../common/useDocEditor.js'
import type { MetaDocument } from '../api.js'
import '../builder.css'

/** Kinds with their own designer elsewhere in the builder; every other kind is edited here as JSON. */
const DESIGNED = new Set(['entity', 'form', 'view', 'role', 'workflow', 'request_type', 'sla', 'calendar', 'automation', 'connector'])
/** Module kinds offered even before any document of them exists. */
const KNOWN = ['ivr', 'call_queue', 'bot']
const KEY = /^[a-z][a-z0-9_]{0,62}$/

/**
 * The builder's page for metadata kinds without a designer of their own (voice menus, call
 * queues, bots…): the documents of a kind, each edited as JSON and checked by the server on
 * save (problems listed at their pointers), created, deleted and published like any other.
 */
function DocumentsPage({ params }: { params: Record<string, string | undefined> }) {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('builder.documents.title')}>
      <Documents kind={params.kind} selected={params.key} />
    </AdminShell>
  )
}

function Documents({ kind, selected }: { kind?: string; selected?: string }) {
  const { t } = useTranslation()
  const { boot } = useSession()
  const draft = useDraft()
  const [, navigate] = useLocation()
  const [key, setKey] = useState('')
  const present = Object.values(draft.published?.documents ?? {}).map((d) => String(d.kind))
  const kinds = [...new Set([...KNOWN, ...present])].filter((k) => !DESIGNED.has(k) && canEditKind(boot!, k)).sort()
  if (!kinds.length) return <p>{t('builder.noAccess')}</p>
  const current = kind && kinds.includes(kind) ? kind : kinds[0]
  const docs = draft.docs(current).sort((a, b) => a.key.localeCompare(b.key))
  async function create() {
    if (!KEY.test(key)) return
    await draft.save(current, key, { kind: current, key, label: { uk: key } } as MetaDocument)
    navigate(`/admin/documents/${current}/${key}`)
    setKey('')
  }
  return (
    <>
      <nav className="admin-tabs kind-tabs" aria-label={t('builder.documents.kinds')}>
        {kinds.map((k) => (
          <Link key={k} href={`/admin/documents/${k}`} aria-current={k === current ? 'page' : undefined}>
            {t(`builder.kindNames.${k}`, { defaultValue: k })}
          </Link>
        ))}
      </nav>
      <div className="builder">
        <DocListNav base={`/admin/documents/${current}`} docs={docs} selected={selected} words="builder.documents" canCreate={KEY.test(key)} onCreate={() => void create()}>
          <TextInput label={t('builder.key')} pointer="/new/key" value={key} onChange={setKey} />
        </DocListNav>
        <div className="stack">{selected ? <JsonEditor key={`${current}/${selected}`} kind={current} docKey={selected} /> : <p className="builder-panel">{t('builder.documents.pick')}</p>}</div>
      </div>
    </>
  )
}

/** One document as JSON text: parsed on save (a syntax error stays here), checked by the server. */
function JsonEditor({ kind, docKey }: { kind: string; docKey: string }) {
  const { t } = useTranslation()
  const draft = useDraft()
  const [, navigate] = useLocation()
  const editor = useDocEditor<MetaDocument>(kind, docKey)
  const [text, setText] = useState('')
  const [syntax, setSyntax] = useState<string>()
  const source = editor.doc
  useEffect(() => {
    if (!editor.dirty) setText(source ? JSON.stringify(source, null, 2) : '')
  }, [source, editor.dirty])
  if (!source && !editor.dirty) return <p role="status">{t('builder.documents.missing')}</p>
  const onText = (next: string) => {
    setText(next)
    try {
      const parsed = JSON.parse(next)
      setSyntax(undefined)
      editor.change(parsed)
    } catch (e) {
      setSyntax(e instanceof Error ? e.message : String(e))
    }
  }
  return (
    <section className="builder-panel" aria-labelledby="doc-h">
      <h2 id="doc-h">
        {t(`builder.kindNames.${kind}`, { defaultValue: kind })} <code className="muted">{docKey}</code>
      </h2>
      <label htmlFor="doc-json">{t('builder.documents.json')}</label>
      <textarea
        id="doc-json"
        className="json-editor"
        rows={24}
        spellCheck={false}
        value={text}
        aria-invalid={!!syntax || editor.problems.length > 0 || undefined}
        aria-describedby={syntax ? 'doc-syntax' : undefined}
        onChange={(e) => onText(e.target.value)}
      />
      {syntax && (
        <p id="doc-syntax" className="field-error" role="alert">
          {t('builder.documents.syntax', { message: syntax })}
        </p>
      )}
      <ProblemList problems={editor.problems} />
      <SaveBar editor={{ ...editor, dirty: editor.dirty && !syntax }}>
        <button
          type="button"
          className="danger"
          onClick={async () => {
            if (!window.confirm(t('builder.documents.confirmDelete', { key: docKey }))) return
            await draft.save(kind, docKey, null)
            navigate(`/admin/documents/${kind}`)
          }}
        >
          {t('builder.documents.delete')}
        </button>
      </SaveBar>
      <PublishBar />
    </section>
  )
}

export const screen: ScreenDef[] = [
  { path: '/admin/documents', adminTab: { label: { uk: 'Інші документи', en: 'Other documents' }, order: 90 }, Component: DocumentsPage },
  { path: '/admin/documents/:kind', Component: DocumentsPage },
  { path: '/admin/documents/:kind/:key', Component: DocumentsPage },
]
