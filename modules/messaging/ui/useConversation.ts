/**
 * The messages of a request, a resident or a chat, read through `messaging.conversation` and
 * read again (at most every 300 ms) on record events of messages and on the `chat` event.
 */
import { useCallback, useEffect, useState } from 'react'
import { loadNames } from '../../../core/ui/src/api/references.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { useLive } from '../../../core/ui/src/api/live.js'
import { conversation, type Message, type Target } from './api.js'

export function useConversation(target: Target | undefined) {
  const boot = useSession().boot!
  const [messages, setMessages] = useState<Message[]>()
  const [error, setError] = useState<unknown>()
  const key = target ? JSON.stringify(target) : ''
  const load = useCallback(async () => {
    if (!key) return
    const res = await conversation(JSON.parse(key) as Target)
    const operators = res.data.map((m) => m.operator).filter((x): x is string => typeof x === 'string')
    await loadNames(boot, 'user', operators).catch(() => {})
    setMessages(res.data)
    setError(undefined)
  }, [boot, key])
  useEffect(() => {
    setMessages(undefined)
    void load().catch(setError)
  }, [load])
  useLive(() => void load().catch(() => {}), ['entity:message'], ['chat'])
  return { messages, error, reload: load }
}
