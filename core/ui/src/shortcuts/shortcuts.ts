import type { UiBootstrap, UiEntity } from '../types/bootstrap.js'

/** What a shortcut may use when its key is pressed. */
export interface ShortcutContext {
  boot: UiBootstrap
  entity(key: string): UiEntity | undefined
  navigate(to: string): void
}

/**
 * A keyboard shortcut of the whole app. Each lives in a `*.shortcuts.ts` file (core/ui/src,
 * admin-builder/ui or modules/<m>/ui) exporting `shortcuts`; Layout listens once and offers a
 * key press to the shortcuts of that key by order, until one handles it.
 */
export interface ShortcutDef {
  /** `KeyboardEvent.code` (layout-independent, e.g. `KeyN`) or `KeyboardEvent.key` (`/`). */
  key: string
  alt?: boolean
  ctrl?: boolean
  /** Also while typing in an input (default: not, so "/" can be typed). */
  inInputs?: boolean
  /** Lower is offered the key first (a module's own before core's generic fallback at 100). */
  order?: number
  /** The header's hint, e.g. "Alt+N — нове звернення"; the first shortcut of a key with one is shown. */
  hint?: { uk: string; en?: string }
  /** Does what the key means; returns false when it does not apply (the next one is offered it). */
  run(ctx: ShortcutContext, e: KeyboardEvent): boolean
}

function typing(target: EventTarget | null) {
  const el = target as HTMLElement | null
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))
}

/** Whether a key press is this shortcut's (modifiers exact; letters by code, so any layout works). */
export function matches(s: ShortcutDef, e: KeyboardEvent): boolean {
  if (!!s.alt !== e.altKey || !!s.ctrl !== (e.ctrlKey || e.metaKey)) return false
  if (!s.inInputs && typing(e.target)) return false
  return e.code === s.key || e.key === s.key || (s.key.startsWith('Key') && e.key.toLowerCase() === s.key.slice(3).toLowerCase())
}

/** Sorts shortcuts by order (stable: file order among equals). */
export function byOrder(list: ShortcutDef[]): ShortcutDef[] {
  return [...list].sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
}

/** The hints of the header: one per key, the first by order that has one. */
export function hints(list: ShortcutDef[]): Array<{ uk: string; en?: string }> {
  const seen = new Set<string>()
  const out: Array<{ uk: string; en?: string }> = []
  for (const s of byOrder(list)) {
    const id = `${s.alt ? 'a' : ''}${s.ctrl ? 'c' : ''}:${s.key}`
    if (!s.hint || seen.has(id)) continue
    seen.add(id)
    out.push(s.hint)
  }
  return out
}

const shortcutModules = import.meta.glob<{ shortcuts: ShortcutDef[] }>(['../**/*.shortcuts.ts', '../../../../admin-builder/ui/**/*.shortcuts.ts', '../../../../modules/*/ui/**/*.shortcuts.ts'], {
  eager: true,
})

/** Every registered keyboard shortcut (`*.shortcuts.ts`), by order then file name. */
export const shortcuts: ShortcutDef[] = byOrder(
  Object.keys(shortcutModules)
    .sort()
    .flatMap((k) => shortcutModules[k]!.shortcuts)
)
