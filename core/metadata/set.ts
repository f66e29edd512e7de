import type { EntityDoc, MetaDocument, RoleDoc } from '#core/shared/metadata'

/** `<kind>/<key>`: the identity of a metadata document. */
export type DocId = `${string}/${string}`

export function docId(kind: string, key: string): DocId {
  return `${kind}/${key}`
}

/**
 * An immutable set of metadata documents (one revision, a draft's result, or the files).
 * `sources` remembers the file each document came from, for error messages and export.
 */
export class MetadataSet {
  readonly docs: ReadonlyMap<DocId, MetaDocument>
  readonly sources: ReadonlyMap<DocId, string>

  constructor(docs: Iterable<[DocId, MetaDocument]>, sources: Iterable<[DocId, string]> = []) {
    this.docs = new Map([...docs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    this.sources = new Map(sources)
  }

  static fromRecord(record: Record<string, MetaDocument>, sources?: Iterable<[DocId, string]>) {
    return new MetadataSet(Object.entries(record) as [DocId, MetaDocument][], sources)
  }

  toRecord(): Record<string, MetaDocument> {
    return Object.fromEntries(this.docs)
  }

  get<T extends MetaDocument = MetaDocument>(kind: string, key: string): T | undefined {
    return this.docs.get(docId(kind, key)) as T | undefined
  }

  list<T extends MetaDocument = MetaDocument>(kind: string): T[] {
    const out: T[] = []
    for (const doc of this.docs.values()) if (doc.kind === kind) out.push(doc as T)
    return out
  }

  entity(key: string): EntityDoc | undefined {
    return this.get<EntityDoc>('entity', key)
  }

  get entities(): EntityDoc[] {
    return this.list<EntityDoc>('entity')
  }

  get roles(): RoleDoc[] {
    return this.list<RoleDoc>('role')
  }

  /** A new set with `changes` applied (null deletes). */
  with(changes: Record<string, MetaDocument | null>): MetadataSet {
    const next = new Map(this.docs)
    for (const [id, doc] of Object.entries(changes)) {
      if (doc === null) next.delete(id as DocId)
      else next.set(id as DocId, doc)
    }
    return new MetadataSet(next, this.sources)
  }

  /** Documents added, changed or removed from `base` to this set. */
  diffFrom(base: MetadataSet): Array<{ id: DocId; op: 'added' | 'changed' | 'removed' }> {
    const out: Array<{ id: DocId; op: 'added' | 'changed' | 'removed' }> = []
    for (const [id, doc] of this.docs) {
      const before = base.docs.get(id)
      if (!before) out.push({ id, op: 'added' })
      else if (stableStringify(before) !== stableStringify(doc)) out.push({ id, op: 'changed' })
    }
    for (const id of base.docs.keys()) if (!this.docs.has(id)) out.push({ id, op: 'removed' })
    return out
  }
}

/** JSON with sorted keys: equality of documents regardless of key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort()
    return `{${keys.map((k) => JSON.stringify(k) + ':' + stableStringify((value as any)[k])).join(',')}}`
  }
  return JSON.stringify(value)
}
