import type { Label } from './metadata.js'

/**
 * What modules add to the generated screens, as data the bootstrap carries
 * (core/http/ui/contributions.ts holds the registries; the UI reads them): core names no
 * module's entities, keys or timeline items.
 */

/** A navigation group (e.g. the service desk's "Звернення"), ordered by `order`. */
export interface UiNavGroup {
  key: string
  label: Label
  order: number
}

/** Where an entity sits in the navigation: lower `order` first, then by label; `group` by key. */
export interface UiNavPlacement {
  entity: string
  order: number
  group?: string
}

/**
 * A keyboard shortcut: `keys` as `Alt+N`, `/`, `Ctrl+K`. `target` says what it does: open the
 * new-record form of the first entity in `entities` the user may create, or focus the
 * element marked `data-shortcut="<focus>"`.
 */
export interface UiShortcut {
  key: string
  keys: string
  label: Label
  target: { create: string[] } | { focus: string }
}

/** A kind of timeline item (`kind-<key>` in a record's timeline), with its filter label. */
export interface UiTimelineKind {
  key: string
  label: Label
  order: number
}
