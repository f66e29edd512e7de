import type { TimelineKindDef } from '../../../core/ui/src/components/timeline_kinds.js'

/**
 * The service desk's timeline kinds: SLA events come from its audit actions; comments, calls and
 * messages are added to a request's timeline by TicketTimeline.panel.tsx.
 */
export const timelineKinds: TimelineKindDef[] = [{ kind: 'sla', auditActions: ['sla_warning', 'sla_breach', 'sla_escalation'] }, { kind: 'comment' }, { kind: 'call' }, { kind: 'message' }]
