import { useSyncExternalStore, type ComponentType } from 'react'
import type { UiBootstrap, UiEntity } from './types/bootstrap.js'
import type { RecordData } from './api/types.js'

/**
 * Screens beyond the generated list and record pages (the single window, the supervisor's
 * board, the admin builder's designers). Each lives in its own `*.screen.tsx` file, in core/ui/src,
 * admin-builder/ui or modules/<m>/ui, that exports `screen`; the app finds them at build time, so
 * adding one edits no shared file.
 */
export interface ScreenDef {
  /** Route under /app, e.g. `/desk` or `/admin/entities/:key` (wouter syntax). */
  path: string
  Component: ComponentType<{ params: Record<string, string | undefined> }>
  /** A navigation entry above the entities' ones, shown when `visible` allows it. */
  nav?: {
    label: { uk: string; en?: string }
    href?: string
    order?: number
    /** May read data a module loads after the bootstrap; it calls `navigationChanged()` once that data arrives. */
    visible?(boot: UiBootstrap): boolean
    /**
     * The start page (`/`): `false` never (a map beside the lists, an entry that shows only once
     * its data has loaded); a function that returns true for this user: this screen, before the
     * first entry (the Mayor's report for the mayor); otherwise the first entry is.
     */
    home?: boolean | ((boot: UiBootstrap) => boolean)
  }
  /** A tab of the admin builder (admin-builder/ui/AdminShell.tsx), by order. */
  adminTab?: { label: { uk: string; en?: string }; href?: string; order?: number; /** shown to users who may edit one of these kinds (all when omitted) */ kinds?: string[] }
  /** Mounted on every page of a signed-in user, drawing nothing (e.g. the desk's ringing listener). */
  background?: ComponentType
}

/** The app's own words of one area (`*.locale.ts`, exporting `uk` and `en`), merged into the main ones. */
export interface LocaleDef {
  uk: Record<string, unknown>
  en: Record<string, unknown>
}

/**
 * A part of the record page below the form (an SLA clock, a timeline, related lists). Each
 * lives in its own `*.panel.tsx` file (core/ui/src, admin-builder/ui or modules/<m>/ui) that
 * exports `panel`; the record page shows the panels of its entity by order.
 */
export interface PanelDef {
  /** Entities whose record page shows the panel; every entity when absent. */
  entity?: string | string[]
  /** Lower comes first (the generic related lists are at 100, the history at 200). */
  order?: number
  /** `head`: under the record's title, above the form (an SLA clock); `main` (default): below the form. */
  slot?: 'head' | 'main'
  /** A name other panels may replace (`history`). */
  key?: string
  /** Keys of generic panels this one stands in for on its entities (the ticket timeline replaces `history`). */
  replaces?: string[]
  /** A reading view of the record (a knowledge-base article): the form stays closed until "Edit", for those who may update. */
  reading?: boolean
  Component: ComponentType<{ entity: UiEntity; record: RecordData }>
}

/**
 * How a list cell looks from its whole record (a request's due time coloured by its SLA state).
 * Each lives in a `*.cell.ts` file (core/ui/src or modules/<m>/ui) that exports `cell`.
 */
export interface CellDef {
  entity: string
  fields: string[]
  /** A class for the cell, e.g. `sla-breached`; undefined for none. */
  className(row: RecordData): string | undefined
}

const cellModules = import.meta.glob<{ cell: CellDef }>(['./**/*.cell.ts', '../../../modules/*/ui/**/*.cell.ts'], { eager: true })
const cells: CellDef[] = Object.keys(cellModules)
  .sort()
  .map((k) => cellModules[k]!.cell)

/** The class of one list cell from its record, by the registered cell looks. */
export function cellClass(entity: string, field: string, row: RecordData): string | undefined {
  return cells.find((c) => c.entity === entity && c.fields.includes(field))?.className(row)
}

/**
 * Where a reference field's picker finds its choices instead of searching the whole target
 * entity (a request's responsible: only its company's staff). Each lives in a `*.source.ts`
 * file (modules/<m>/ui) that exports `source`; the form passes the record being edited.
 */
export interface ReferenceSourceDef {
  entity: string
  field: string
  search(record: Record<string, unknown>, text: string): Promise<Array<{ id: string; name: string }>>
}

const sourceModules = import.meta.glob<{ source: ReferenceSourceDef }>(['./**/*.source.ts', '../../../modules/*/ui/**/*.source.ts'], { eager: true })

/** The registered source of a reference field's choices, if a module gives one. */
export function referenceSource(entity: string | undefined, field: string): ReferenceSourceDef | undefined {
  return Object.values(sourceModules).find((m) => m.source.entity === entity && m.source.field === field)?.source
}

/**
 * A part a module adds to another module's screen without either importing the other (the
 * messaging chats on the telephony's single window). Each lives in a `*.slot.tsx` file
 * (modules/<m>/ui) that exports `slot`; the host screen draws `slotsFor(<name>)` by order.
 */
export interface SlotDef {
  /** The host's name for the place, e.g. `desk`. */
  name: string
  order?: number
  Component: ComponentType
}

const slotModules = import.meta.glob<{ slot: SlotDef | SlotDef[] }>(['./**/*.slot.tsx', '../../../modules/*/ui/**/*.slot.tsx'], { eager: true })
const slots: SlotDef[] = Object.keys(slotModules)
  .sort()
  .flatMap((k) => slotModules[k]!.slot)
  .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))

/** The parts registered for a place of a screen, by order. */
export function slotsFor(name: string): SlotDef[] {
  return slots.filter((s) => s.name === name)
}

const screenModules = import.meta.glob<{ screen: ScreenDef | ScreenDef[] }>(['./**/*.screen.tsx', '../../../admin-builder/ui/**/*.screen.tsx', '../../../modules/*/ui/**/*.screen.tsx'], {
  eager: true,
})
const localeModules = import.meta.glob<LocaleDef>(['./**/*.locale.ts', '../../../admin-builder/ui/**/*.locale.ts', '../../../modules/*/ui/**/*.locale.ts'], {
  eager: true,
})

const panelModules = import.meta.glob<{ panel: PanelDef }>(['./**/*.panel.tsx', '../../../admin-builder/ui/**/*.panel.tsx', '../../../modules/*/ui/**/*.panel.tsx'], {
  eager: true,
})

/** Every registered record panel, by order then file name. */
export const panels: PanelDef[] = Object.keys(panelModules)
  .sort()
  .map((k) => panelModules[k]!.panel)
  .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))

/** The panels of one entity's record page. */
export function panelsFor(entityKey: string): PanelDef[] {
  const mine = panels.filter((p) => !p.entity || (Array.isArray(p.entity) ? p.entity.includes(entityKey) : p.entity === entityKey))
  const replaced = new Set(mine.flatMap((p) => p.replaces ?? []))
  return mine.filter((p) => !p.key || !replaced.has(p.key))
}

export const screens: ScreenDef[] = Object.keys(screenModules)
  .sort()
  .flatMap((k) => screenModules[k]!.screen)

export const localeParts: LocaleDef[] = Object.keys(localeModules)
  .sort()
  .map((k) => localeModules[k]!)

/** The screens' background components (Layout mounts them once). */
export const backgrounds: ComponentType[] = screens.flatMap((s) => (s.background ? [s.background] : []))

let navVersion = 0
const navListeners = new Set<() => void>()

/** A module's data behind `nav.visible` arrived (e.g. the reports this user may open): the navigation is drawn again. */
export function navigationChanged() {
  navVersion++
  navListeners.forEach((l) => l())
}

/** Re-renders the caller when `navigationChanged()` is called. */
export function useNavigationVersion(): number {
  return useSyncExternalStore(
    (l) => (navListeners.add(l), () => void navListeners.delete(l)),
    () => navVersion
  )
}

/** The start page a screen claims for this user (`nav.home`), if any. */
export function homeScreen(boot: UiBootstrap): string | undefined {
  const s = screens.find((s) => typeof s.nav?.home === 'function' && s.nav.home(boot) && (!s.nav.visible || s.nav.visible(boot)))
  return s && (s.nav!.href ?? s.path)
}

/** Navigation entries of the extra screens this user may see, by order. */
export function extraNavigation(boot: UiBootstrap) {
  return screens
    .filter((s) => s.nav && (!s.nav.visible || s.nav.visible(boot)))
    .map((s) => ({ href: s.nav!.href ?? s.path, label: s.nav!.label, order: s.nav!.order ?? 0, home: s.nav!.home !== false }))
    .sort((a, b) => a.order - b.order)
}

/** Deep merge of locale objects (later parts add keys; they never replace the main ones' leaves silently). */
export function mergeLocale(base: Record<string, unknown>, part: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(part)) {
    const cur = out[k]
    out[k] = cur && typeof cur === 'object' && v && typeof v === 'object' ? mergeLocale(cur as Record<string, unknown>, v as Record<string, unknown>) : v
  }
  return out
}
