import type { MetaDocument } from '#core/shared/metadata'
import { connectorManifest } from './registry.js'
import { sealSecrets } from './secrets.js'

/**
 * Connector documents about to be saved in a draft, their clear secrets encrypted and their
 * masked ones (`"***"`) back to the stored ciphertext of `previous(id)`. Other documents, and
 * connectors of an unknown type (the check reports it), pass unchanged.
 */
export function sealConnectorDocs(docs: Record<string, MetaDocument | null>, previous: (id: string) => MetaDocument | undefined | null): Record<string, MetaDocument | null> {
  const out: Record<string, MetaDocument | null> = {}
  for (const [id, doc] of Object.entries(docs)) {
    const manifest = doc?.kind === 'connector' && typeof doc.type === 'string' ? safeManifest(doc.type) : undefined
    const config = doc?.config
    if (!doc || !manifest || !config || typeof config !== 'object' || Array.isArray(config)) {
      out[id] = doc
      continue
    }
    const before = previous(id)?.config as Record<string, unknown> | undefined
    out[id] = { ...doc, config: sealSecrets(manifest.config, config as Record<string, unknown>, before) }
  }
  return out
}

function safeManifest(type: string) {
  try {
    return connectorManifest(type)
  } catch {
    return undefined
  }
}
