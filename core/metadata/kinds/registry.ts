import type { MetaDocument } from '#core/shared/metadata'
import type { MetadataSet } from '../set.js'

/** Reports one problem at a JSON pointer inside the document being checked. */
export type Report = (pointer: string, message: string) => void

/**
 * A metadata kind: its meta-schema is `metadata/schemas/<kind>.schema.json`; `check` adds the
 * semantic rules a schema cannot express (references resolve, types registered, no cycles).
 * Adding a kind = a meta-schema + a registration here (+ whatever compiles it at publish).
 */
export interface MetaKind {
  kind: string
  check?(doc: MetaDocument, set: MetadataSet, report: Report): void
}

const kinds = new Map<string, MetaKind>()

export function registerKind(kind: MetaKind) {
  kinds.set(kind.kind, kind)
}

export function getKind(name: string): MetaKind | undefined {
  return kinds.get(name)
}

export function kindNames(): ReadonlySet<string> {
  return new Set(kinds.keys())
}
