import { registerAuditAction } from '#core/audit/audit'
import { registerTimelineKind } from '#core/http/ui/contributions'

declare module '#core/audit/audit' {
  interface AuditActions {
    'call.recording_listened': true
    'call.recording_purged': true
  }
}

registerAuditAction('call.recording_listened', { uk: 'Прослухано запис розмови', en: 'Recording listened to' })
registerAuditAction('call.recording_purged', { uk: 'Запис розмови видалено за строком зберігання', en: 'Recording removed after its retention' })

// the call's history shows them as their own kind (modules/telephony/ui/telephony.timeline.ts)
registerTimelineKind({ key: 'recording', label: { uk: 'Записи розмов', en: 'Recordings' }, order: 55 })
