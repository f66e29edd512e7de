/**
 * Unsaved form drafts in the browser's localStorage, per user, entity and record (`new` for a
 * record not created yet), so a reload, a crash or a page left by mistake loses no typing.
 * A draft holds only the fields the user changed; saving the form clears it.
 */
const PREFIX = 'vikno:draft:'

/** The storage key of one form's draft. */
export function draftKey(userId: string, entity: string, record: string): string {
  return `${PREFIX}${userId}:${entity}:${record}`
}

/** The fields of `current` that differ from `initial` (what is worth keeping). */
export function changedFields(initial: Record<string, unknown>, current: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(current)) {
    if (v === undefined || JSON.stringify(v) === JSON.stringify(initial[k])) continue
    out[k] = v
  }
  return out
}

export function readDraft(key: string): Record<string, unknown> | undefined {
  try {
    const raw = localStorage.getItem(key)
    const parsed = raw ? (JSON.parse(raw) as unknown) : undefined
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Object.keys(parsed).length ? (parsed as Record<string, unknown>) : undefined
  } catch {
    return undefined // storage off (private mode) or a damaged entry: no draft
  }
}

/** Keeps the changed fields, or forgets the draft when nothing differs. */
export function writeDraft(key: string, changed: Record<string, unknown>): void {
  try {
    if (Object.keys(changed).length) localStorage.setItem(key, JSON.stringify(changed))
    else localStorage.removeItem(key)
  } catch {
    // storage full or off: the form still works, only without a draft
  }
}

export function clearDraft(key: string): void {
  try {
    localStorage.removeItem(key)
  } catch {
    // nothing stored
  }
}
