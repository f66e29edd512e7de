import { registerAuditAction } from '#core/audit/audit'

declare module '#core/audit/audit' {
  interface AuditActions {
    'call.recording_listened': true
    'call.recording_purged': true
  }
}

registerAuditAction('call.recording_listened', { uk: 'Прослухано запис розмови', en: 'Recording listened to' })
registerAuditAction('call.recording_purged', { uk: 'Запис розмови видалено за строком зберігання', en: 'Recording removed after its retention' })
