/**
 * What the service desk adds to core's registries: where its entities sit in the navigation,
 * the new-request shortcut, the timeline items its timeline action returns, its audit actions
 * and the automation events its SLA timers raise.
 */
import { registerNavGroup, registerNavPlacement, registerShortcut, registerTimelineKind } from '#core/http/ui/contributions'
import { registerAuditAction } from '#core/audit/audit'
import { registerAutomationEvent } from '#core/automation/trigger'

registerNavGroup({ key: 'servicedesk', label: { uk: 'Звернення', en: 'Requests' }, order: 0 })
// operators live in requests, residents, objects and assignments: first, in that order
for (const [order, entity] of ['ticket', 'contact', 'object', 'assignment'].entries()) registerNavPlacement({ entity, order, group: 'servicedesk' })

registerShortcut({ key: 'new_request', keys: 'Alt+N', label: { uk: 'Нове звернення', en: 'New request' }, target: { create: ['ticket'] } })

registerTimelineKind({ key: 'sla', label: { uk: 'SLA', en: 'SLA' }, order: 30 })
registerTimelineKind({ key: 'comment', label: { uk: 'Коментарі', en: 'Comments' }, order: 40 })
registerTimelineKind({ key: 'call', label: { uk: 'Дзвінки', en: 'Calls' }, order: 50 })
registerTimelineKind({ key: 'message', label: { uk: 'Повідомлення', en: 'Messages' }, order: 60 })
registerTimelineKind({ key: 'ticket', label: { uk: 'Звернення', en: 'Requests' }, order: 35 })

registerAuditAction('sla_warning', { uk: 'Попередження SLA', en: 'SLA warning' })
registerAuditAction('sla_breach', { uk: 'Порушення SLA', en: 'SLA breach' })
registerAuditAction('sla_escalation', { uk: 'Ескалація SLA', en: 'SLA escalation' })

registerAutomationEvent('sla_warning', { uk: 'Наближається термін SLA', en: 'SLA warning' })
registerAutomationEvent('sla_breach', { uk: 'Порушено SLA', en: 'SLA breached' })

declare module '#core/audit/audit' {
  interface AuditActions {
    sla_warning: true
    sla_breach: true
    sla_escalation: true
  }
}

declare module '#core/automation/trigger' {
  interface AutomationEvents {
    sla_warning: true
    sla_breach: true
  }
}
