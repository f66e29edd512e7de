/**
 * The intake's phone rule is the one rule (core/shared/phone.ts): a PBX sending `80…` or
 * `067/…` finds the resident; what is not a phone number (extensions, service codes,
 * "anonymous") is undefined, never an exception, since the intake meets it on every call.
 */
export { toE164 } from '#core/shared/phone'
