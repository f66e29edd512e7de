/**
 * A kind of timeline item a module adds (`*.timeline.ts` exporting `timelineKinds`, in
 * core/ui/src, admin-builder/ui or modules/<m>/ui): its words are `recordTimeline.<kind>` and
 * `recordTimeline.filter.<kind>` in the module's locale (an audit action's title is
 * `recordTimeline.<action>`, its dots written as `_`). Its own glob (not extensions.ts's), so
 * historyItems can read it while the panels are still being loaded.
 */
export interface TimelineKindDef {
  kind: string
  /** Audit actions shown as this kind in a record's history (titled `recordTimeline.<action>`). */
  auditActions?: string[]
}

const timelineModules = import.meta.glob<{ timelineKinds: TimelineKindDef[] }>(['../**/*.timeline.ts', '../../../../admin-builder/ui/**/*.timeline.ts', '../../../../modules/*/ui/**/*.timeline.ts'], {
  eager: true,
})

/** The timeline kinds the modules register, by file name. */
export const timelineKinds: TimelineKindDef[] = Object.keys(timelineModules)
  .sort()
  .flatMap((k) => timelineModules[k]!.timelineKinds)
