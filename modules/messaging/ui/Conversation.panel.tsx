import { useTranslation } from 'react-i18next'
import type { PanelDef } from '../../../core/ui/src/extensions.js'
import type { UiEntity } from '../../../core/ui/src/types/bootstrap.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { useConversation } from './useConversation.js'
import { MessageList } from './MessageList.js'
import { ReplyBox } from './ReplyBox.js'
import './messaging.css'

/**
 * The request's conversation with its resident on the request page: the messages both ways
 * (live), and the reply box through the resident's channels. Shown to those who may read
 * messages; the box to those who may write them.
 */
function Conversation({ entity, record }: { entity: UiEntity; record: RecordData }) {
  const boot = useSession().boot!
  return boot.entities.find((e) => e.key === 'message')?.can.read ? <ConversationBody entity={entity} record={record} /> : null
}

function ConversationBody({ record }: { entity: UiEntity; record: RecordData }) {
  const { t } = useTranslation()
  const boot = useSession().boot!
  const { messages, error, reload } = useConversation({ ticket: record.id })
  const canWrite = !!boot.entities.find((e) => e.key === 'message')?.can.create
  return (
    <section className="panel conversation" aria-labelledby="conversation-title">
      <h2 id="conversation-title">{t('chat.conversation')}</h2>
      <ProblemAlert error={error} />
      {messages ? <MessageList messages={messages} label={t('chat.conversation')} /> : !error && <p role="status">{t('app.loading')}</p>}
      {canWrite && <ReplyBox ticket={record.id} contact={(record.resident as string | null) ?? null} onSent={() => void reload().catch(() => {})} />}
    </section>
  )
}

export const panel: PanelDef = { entity: 'ticket', order: 40, key: 'conversation', Component: Conversation }
