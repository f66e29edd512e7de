import type { MetaDocument } from '../api.js'

/**
 * The SLA part of the request type editor: the SLA, per-type targets and the due-date
 * calculator. Placeholder until the SLA designer lands.
 */
export function RequestTypeSlaSection(_props: { doc: MetaDocument; onChange(next: MetaDocument): void }) {
  return null
}
