import { useEffect, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../../core/ui/src/api/client.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import type { FieldError } from '../../../core/shared/problem.js'
import { useDraft } from '../DraftContext.js'
import { useDocEditor } from './useDocEditor.js'
import { metaApi } from '../api.js'
import './editor_parts.css'

type Label = { uk: string; en?: string }

/** While the documents load, or why they could not. */
export function Loading({ failed }: { failed?: unknown }) {
  const { t } = useTranslation()
  return failed ? <ProblemAlert error={failed} /> : <p className="muted">{t('ab.loading')}</p>
}

/** A bilingual label: Ukrainian (required) and English. */
export function LabelInputs({ id, legend, value, onChange, multiline }: { id: string; legend: string; value: Label | undefined; onChange(next: Label): void; multiline?: boolean }) {
  const { t } = useTranslation()
  const v = value ?? { uk: '' }
  const input = (lang: 'uk' | 'en') => {
    const props = {
      id: `${id}-${lang}`,
      value: v[lang] ?? '',
      onChange: (e: { target: { value: string } }) => {
        const next = { ...v, [lang]: e.target.value }
        if (lang === 'en' && !e.target.value) delete next.en
        onChange(next)
      },
    }
    return multiline ? <textarea rows={3} {...props} /> : <input {...props} />
  }
  return (
    <fieldset className="label-inputs">
      <legend>{legend}</legend>
      <label htmlFor={`${id}-uk`}>{t('ab.uk')}</label>
      {input('uk')}
      <label htmlFor={`${id}-en`}>{t('ab.en')}</label>
      {input('en')}
    </fieldset>
  )
}

/** The problems the server found in a document (pointers relative to it). */
export function ProblemList({ problems }: { problems: FieldError[] }) {
  const { t } = useTranslation()
  if (!problems.length) return null
  return (
    <div className="alert error" role="alert">
      <strong>{t('ab.problems')}</strong>
      <ul>
        {problems.map((p) => (
          <li key={`${p.pointer}:${p.message}`}>
            <code>{p.pointer || '/'}</code> {p.message}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** Save into the draft, discard the unsaved changes, and what is wrong. */
export function SaveBar({ editor, children }: { editor: ReturnType<typeof useDocEditor<any>>; children?: ReactNode }) {
  const { t } = useTranslation()
  return (
    <div className="save-bar">
      <button type="button" className="primary" disabled={!editor.dirty || editor.saving} onClick={() => void editor.save()}>
        {t('ab.saveDraft')}
      </button>
      <button type="button" disabled={!editor.dirty || editor.saving} onClick={editor.discard}>
        {t('ab.discard')}
      </button>
      {editor.dirty && <span className="muted">{t('ab.unsaved')}</span>}
      {children}
      <ProblemAlert error={editor.error} messages={editor.error instanceof ApiError ? editor.error.errors.map((e) => `${e.pointer}: ${e.message}`) : undefined} />
    </div>
  )
}

/** Something a designer offers to do right after a publish (a checkbox), e.g. recompute due dates. */
export interface AfterPublish {
  /** The checkbox's text. */
  label: string
  /** Runs after a successful publish; returns what to tell the user. */
  run(): Promise<string>
}

/**
 * A minimal publish of the open draft from a designer (the builder's own publish screen shows
 * the diff and history); a module's designer may offer one more step after it (`after`).
 */
export function PublishBar({ after }: { after?: AfterPublish }) {
  const { t } = useTranslation()
  const draft = useDraft()
  const [also, setAlso] = useState(false)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string>()
  const [error, setError] = useState<unknown>()
  const [needsConfirm, setNeedsConfirm] = useState(false)
  const [confirm, setConfirm] = useState(false)
  const open = draft.draft && Object.keys(draft.draft.changes).length > 0
  const version = draft.draft?.version
  useEffect(() => setError(undefined), [version]) // an edit of the draft answers the last refusal
  const publish = async () => {
    if (!draft.draft) return
    setBusy(true)
    setError(undefined)
    try {
      const result = await metaApi.publish(draft.draft.id, { confirm, message: 'admin builder' })
      let text = t('ab.published', { revision: result.revision })
      if (also && after) text += ' ' + (await after.run())
      // refresh (not forget first): the published documents arrive before the draft goes, so
      // a document new in the draft never disappears from its designer meanwhile
      await draft.refresh()
      setDone(text)
      setConfirm(false)
      setNeedsConfirm(false)
    } catch (e) {
      if (e instanceof ApiError && e.problem.type === '/problems/destructive-change') setNeedsConfirm(true)
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="publish-bar" aria-label={t('ab.publishing')}>
      {open && (
        <>
          {after && (
            <label className="check">
              <input type="checkbox" checked={also} onChange={(e) => setAlso(e.target.checked)} /> {after.label}
            </label>
          )}
          {needsConfirm && (
            <label className="check">
              <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> {t('ab.confirmDestructive')}
            </label>
          )}
          <button type="button" className="primary" disabled={busy} onClick={() => void publish()}>
            {t('ab.publish')}
          </button>
        </>
      )}
      {done && (
        <p role="status" className="done">
          {done}
        </p>
      )}
      <ProblemAlert error={error} messages={error instanceof ApiError ? error.errors.map((e) => `${e.pointer}: ${e.message}`) : undefined} />
    </section>
  )
}

/** Moves an item of a list (for ordered lists such as routing rules and the escalation ladder). */
export function moved<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list
  const out = [...list]
  const [item] = out.splice(from, 1)
  out.splice(to, 0, item)
  return out
}
