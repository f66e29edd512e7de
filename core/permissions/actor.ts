import type { Locale } from '#core/validation/messages'

/** Who is acting: a user (session or API token), or the system itself (boot, seeds, jobs). */
export interface Actor {
  id: string | null
  login?: string
  name?: string
  roles: string[]
  /** `$user.<attribute>` in filters, e.g. `counterparty`. */
  attributes: Record<string, unknown>
  locale: Locale
  requestId?: string
  system?: boolean
  /** Set by an erasure (modules/privacy): its audit rows keep which fields changed, never their old values. */
  redactAudit?: boolean
}

export const SYSTEM_ACTOR: Actor = { id: null, roles: [], attributes: {}, locale: 'en', system: true }

/** Variables bound in filters for this actor. */
export function filterVariables(actor: Actor) {
  return { now: new Date(), user: actor.id ? { ...actor.attributes, id: actor.id } : undefined }
}
