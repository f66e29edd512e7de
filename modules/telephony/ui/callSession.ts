import { useSyncExternalStore } from 'react'
import type { Card } from './api.js'

/**
 * The call card open now, shared by the desk (its number lookup and callbacks open a card) and
 * the call panel mounted on every page (core/ui's background components), so a ringing call
 * never navigates away from what the operator is typing.
 */
export interface CallSession {
  card?: Card
  ringing: boolean
  /** Focus the card when it opens (a pop while the operator types elsewhere does not steal focus). */
  focus: boolean
  /** Bumped each time another card opens: the card's choices (resident, type) start over. */
  seq: number
}

let state: CallSession = { ringing: false, focus: false, seq: 0 }
const listeners = new Set<() => void>()
const emit = () => listeners.forEach((l) => l())

/** Opens a card (`keepChoice`: the same call re-read, e.g. after a request was registered). */
export function openCard(card: Card, opts: { ringing?: boolean; focus?: boolean; keepChoice?: boolean } = {}) {
  state = { card, ringing: opts.ringing ?? false, focus: opts.focus ?? true, seq: opts.keepChoice ? state.seq : state.seq + 1 }
  emit()
}

export function setRinging(ringing: boolean) {
  if (state.ringing === ringing) return
  state = { ...state, ringing }
  emit()
}

export function closeCard() {
  state = { ringing: false, focus: false, seq: state.seq + 1 }
  emit()
}

/** The open card, re-rendering when it changes. */
export function useCallSession(): CallSession {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => void listeners.delete(l)),
    () => state
  )
}
