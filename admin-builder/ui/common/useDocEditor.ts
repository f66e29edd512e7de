import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDraft } from '../DraftContext.js'
import type { MetaDocument } from '../api.js'

/**
 * A local working copy of one metadata document: loaded from the draft (or the published
 * metadata) when the designer opens it, saved into the draft on demand. Problems come from the
 * draft's validation after each save, pointers relative to the document.
 */
export function useDocEditor<T extends MetaDocument>(kind: string, key: string | undefined) {
  const { t } = useTranslation()
  const draft = useDraft()
  const [doc, setDoc] = useState<T>()
  const [status, setStatus] = useState<string>()
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const loaded = useRef<string | undefined>(undefined)
  const source = key && draft.ready ? draft.doc<T>(kind, key) : undefined

  useEffect(() => {
    const id = `${kind}/${key}`
    if (!key || !source || loaded.current === id) return
    loaded.current = id
    setDoc(structuredClone(source))
    setStatus(undefined)
    setError(undefined)
  }, [kind, key, source])

  // the draft changed under the designer (reloaded after a conflict, imported files): show it
  const version = draft.draft?.version
  const seen = useRef(version)
  useEffect(() => {
    if (seen.current === version) return
    seen.current = version
    if (saving.current || !key || !source) return
    setDoc(structuredClone(source))
  }, [version, key, source])
  const saving = useRef(false)

  async function save(next: T | undefined = doc) {
    if (!next || !key) return
    saving.current = true
    setBusy(true)
    setError(undefined)
    setStatus(t('builder.saving'))
    try {
      const problems = await draft.save(kind, key, next)
      setStatus(problems.length ? t('builder.invalid') : t('builder.saved'))
    } catch (e) {
      setStatus(undefined)
      setError(e)
    } finally {
      saving.current = false
      setBusy(false)
    }
  }

  return { doc, setDoc, save, status, error, busy, problems: key ? draft.problems(kind, key) : [], reset: () => (loaded.current = undefined) }
}
