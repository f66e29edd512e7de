import type { TimelineKindDef } from '../../../core/ui/src/components/timeline_kinds.js'

/** Listens to a call's recording and its removal after the retention, in the call's history. */
export const timelineKinds: TimelineKindDef[] = [{ kind: 'recording', auditActions: ['call.recording_listened', 'call.recording_purged'] }]
