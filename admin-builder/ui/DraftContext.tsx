import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { ApiError } from '../../core/ui/src/api/client.js'
import type { FieldError } from '../../core/shared/problem.js'
import { metaApi, problemsOf, type DocId, type Draft, type MetaDocument, type Published } from './api.js'

const STORAGE_KEY = 'vikno.admin.draft'

export interface DraftState {
  /** The published documents and the open draft (if any) are loaded. */
  ready: boolean
  published?: Published
  draft?: Draft
  /** Set when another administrator changed the draft meanwhile (409 on save). */
  conflict?: string
  error?: unknown
  /** The document as the draft has it (its change, else the published one), or undefined. */
  doc<T extends MetaDocument = MetaDocument>(kind: string, key: string): T | undefined
  /** Every document of a kind as the draft has it, by key. */
  docs<T extends MetaDocument = MetaDocument>(kind: string): T[]
  /** Saves one document into the open draft (creating the draft first); returns its problems. */
  save(kind: string, key: string, document: MetaDocument | null): Promise<FieldError[]>
  /** Problems of one document, pointers relative to it. */
  problems(kind: string, key: string): FieldError[]
  /** Reloads the published documents and the draft (after a conflict, a publish or a rollback). */
  refresh(): Promise<void>
  /** Forgets the draft in this browser (after publishing or discarding). */
  forget(): void
}

const Ctx = createContext<DraftState | null>(null)

/**
 * The administrator's working draft, shared by every designer: the published documents, the
 * open draft (its id kept in this browser), saving with the draft's version so two
 * administrators editing the same draft get a conflict, and the problems per document.
 */
export function DraftProvider({ children }: { children: ReactNode }) {
  const [published, setPublished] = useState<Published>()
  const [draft, setDraft] = useState<Draft>()
  const [conflict, setConflict] = useState<string>()
  const [error, setError] = useState<unknown>()
  const [ready, setReady] = useState(false)

  const refresh = useCallback(async () => {
    try {
      const pub = await metaApi.published()
      const id = localStorage.getItem(STORAGE_KEY)
      const d = id ? await metaApi.draft(id).catch(() => undefined) : undefined
      // both at once: a designer must not take the published document for the draft's
      setPublished(pub)
      if (d && d.status === 'open') setDraft(d)
      else {
        if (id) localStorage.removeItem(STORAGE_KEY)
        setDraft(undefined)
      }
      setReady(true)
      setConflict(undefined)
    } catch (e) {
      setError(e)
    }
  }, [])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const value = useMemo<DraftState>(() => {
    const doc = <T extends MetaDocument>(kind: string, key: string) => {
      const id = `${kind}/${key}` as DocId
      if (draft && id in draft.changes) return (draft.changes[id] ?? undefined) as T | undefined
      return published?.documents[id] as T | undefined
    }
    return {
      ready,
      published,
      draft,
      conflict,
      error,
      doc,
      docs<T extends MetaDocument>(kind: string) {
        const keys = new Set<string>()
        for (const id of Object.keys(published?.documents ?? {})) if (id.startsWith(`${kind}/`)) keys.add(id.slice(kind.length + 1))
        for (const id of Object.keys(draft?.changes ?? {})) if (id.startsWith(`${kind}/`)) keys.add(id.slice(kind.length + 1))
        return [...keys].map((k) => doc<T>(kind, k)).filter((d): d is T => !!d)
      },
      async save(kind, key, document) {
        let current = draft
        if (!current) {
          current = await metaApi.createDraft()
          localStorage.setItem(STORAGE_KEY, current.id)
        }
        try {
          const next = await metaApi.put(current.id, kind, key, document, current.version)
          setDraft(next)
          return problemsOf(next.problems, kind, key)
        } catch (e) {
          if (e instanceof ApiError && e.status === 409) setConflict(e.message)
          throw e
        }
      },
      problems: (kind, key) => problemsOf(draft?.problems ?? [], kind, key),
      refresh,
      forget() {
        localStorage.removeItem(STORAGE_KEY)
        setDraft(undefined)
      },
    }
  }, [ready, published, draft, conflict, error, refresh])

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useDraft(): DraftState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useDraft outside DraftProvider')
  return v
}
