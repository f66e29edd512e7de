import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDraft } from '../DraftContext.js'
import type { MetaDocument } from '../api.js'

/**
 * One metadata document being edited, for every designer: the draft's (or the published)
 * version until the first change, then the local copy until it is saved into the draft. When
 * the draft changes under the designer (reloaded after a conflict, imported files, published)
 * it shows the draft's again. Problems come from the draft's validation after each save,
 * pointers relative to the document.
 */
export function useDocEditor<T extends MetaDocument>(kind: string, key: string | undefined) {
  const { t } = useTranslation()
  const draft = useDraft()
  const source = key && draft.ready ? draft.doc<T>(kind, key) : undefined
  const [local, setLocal] = useState<T>()
  const [dirty, setDirty] = useState(false)
  const [status, setStatus] = useState<string>()
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const saving = useRef(false)

  // another document: nothing of the last one's edits, words or errors
  useEffect(() => {
    setDirty(false)
    setStatus(undefined)
    setError(undefined)
  }, [kind, key])

  const version = draft.draft?.version
  const seen = useRef(version)
  useEffect(() => {
    if (seen.current === version) return
    seen.current = version
    if (!saving.current) setDirty(false)
  }, [version])

  const doc = dirty ? local : source

  function change(next: T) {
    setLocal(next)
    setDirty(true)
  }

  async function save(next: T | undefined = doc) {
    if (!next || !key) return
    saving.current = true
    setBusy(true)
    setError(undefined)
    setStatus(t('builder.saving'))
    try {
      const problems = await draft.save(kind, key, next)
      setDirty(false)
      setStatus(problems.length ? t('builder.invalid') : t('builder.saved'))
    } catch (e) {
      setStatus(undefined)
      setError(e)
    } finally {
      saving.current = false
      setBusy(false)
    }
  }

  return {
    doc,
    dirty,
    /** Replaces the working copy (the same as `change`). */
    setDoc: change,
    change,
    save,
    /** Back to the draft's version, the unsaved changes dropped. */
    discard: () => setDirty(false),
    status,
    error,
    busy,
    saving: busy,
    loading: !draft.published,
    /** Why the documents could not be loaded (e.g. 403 for someone who may not edit metadata). */
    failed: draft.error,
    problems: key ? draft.problems(kind, key) : [],
  }
}
