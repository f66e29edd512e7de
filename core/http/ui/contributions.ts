import type { UiNavGroup, UiNavPlacement, UiShortcut, UiTimelineKind } from '#core/shared/ui_contributions'

const navGroups = new Map<string, UiNavGroup>()
const placements = new Map<string, UiNavPlacement>()
const shortcuts = new Map<string, UiShortcut>()
const timelineKinds = new Map<string, UiTimelineKind>()

/** Adds a navigation group, or replaces the one with its key. */
export function registerNavGroup(group: UiNavGroup) {
  navGroups.set(group.key, group)
}

/**
 * Places an entity in the navigation (a module's entities its users live in come first).
 * Unplaced entities follow, by label.
 */
export function registerNavPlacement(placement: UiNavPlacement) {
  placements.set(placement.entity, placement)
}

/** Adds a keyboard shortcut; one key per shortcut, a later module may replace it. */
export function registerShortcut(shortcut: UiShortcut) {
  shortcuts.set(shortcut.key, shortcut)
}

/** Adds a kind of timeline item (core's: created, changed, status, automation, deleted). */
export function registerTimelineKind(kind: UiTimelineKind) {
  timelineKinds.set(kind.key, kind)
}

export function navPlacement(entity: string): UiNavPlacement | undefined {
  return placements.get(entity)
}

/** The registered contributions, ordered, as the bootstrap sends them. */
export function uiContributions() {
  return {
    navigationGroups: [...navGroups.values()].sort((a, b) => a.order - b.order),
    shortcuts: [...shortcuts.values()],
    timelineKinds: [...timelineKinds.values()].sort((a, b) => a.order - b.order),
  }
}

registerShortcut({ key: 'search', keys: '/', label: { uk: 'Пошук на екрані', en: 'Search this screen' }, target: { focus: 'search' } })
registerTimelineKind({ key: 'created', label: { uk: 'Створення', en: 'Created' }, order: 0 })
registerTimelineKind({ key: 'changed', label: { uk: 'Зміни', en: 'Changes' }, order: 10 })
registerTimelineKind({ key: 'status', label: { uk: 'Статуси', en: 'Status' }, order: 20 })
registerTimelineKind({ key: 'automation', label: { uk: 'Автоматизації', en: 'Automations' }, order: 70 })
registerTimelineKind({ key: 'deleted', label: { uk: 'Видалення', en: 'Deleted' }, order: 90 })
