import type { MetaDocument } from '#core/shared/metadata'
import type { MetadataSet } from '#core/metadata/set'
import type { ModuleKind } from '#core/modules/define'

/** `<key>.call_queue.json`: one PBX queue's settings (schemas/call_queue.schema.json). */
export interface CallQueueDoc extends MetaDocument {
  pbxQueue?: string
  categories?: string[]
  autodialCallbacks?: boolean
}

/** The PBX's name of a queue document (its key unless it says otherwise). */
export const pbxQueueName = (doc: CallQueueDoc) => doc.pbxQueue ?? doc.key

/** Call queues (kind `call_queue`): a category is one request types use; no two documents name the same PBX queue. */
export const callQueueKind: ModuleKind = {
  kind: 'call_queue',
  schema: 'schemas/call_queue.schema.json',
  check(raw, set: MetadataSet, report) {
    const doc = raw as CallQueueDoc
    const known = new Set(set.list<MetaDocument & { category?: string }>('request_type').flatMap((rt) => (rt.category ? [rt.category] : [])))
    doc.categories?.forEach((c, i) => {
      if (!known.has(c)) report(`/categories/${i}`, `no request type has category "${c}"`)
    })
    const twin = set.list<CallQueueDoc>('call_queue').find((other) => other.key !== doc.key && pbxQueueName(other) === pbxQueueName(doc))
    if (twin) report(doc.pbxQueue ? '/pbxQueue' : '/key', `the PBX queue "${pbxQueueName(doc)}" is already described by "${twin.key}"`)
  },
}
