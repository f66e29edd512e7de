/**
 * The telephony module's realtime events, typed in the shared event map (core/shared/events.ts)
 * by declaration merging. Self-contained: the server and the UI both compile this file.
 */
export const CALL_EVENTS = ['ringing', 'answered', 'ended', 'missed'] as const
export type CallEventName = (typeof CALL_EVENTS)[number]

export const PRESENCE_STATES = ['available', 'busy', 'after_call', 'break', 'offline'] as const
export type PresenceState = (typeof PRESENCE_STATES)[number]

/** What an operator's screen receives (`call` event in its `user:<id>` room): ids only. */
export interface CallPop {
  callId: string
  id: string
  event: CallEventName
}

/** What supervisors' screens receive on every presence change (the `presence` event). */
export interface PresenceEvent {
  user: string
  state: PresenceState
  since: string
}

declare module '../../../core/shared/events.js' {
  interface ModuleEvents {
    call: CallPop
    presence: PresenceEvent
  }
}
