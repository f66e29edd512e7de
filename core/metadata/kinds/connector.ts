import type { ConnectorInstanceDoc } from '#core/connectors/types'
import { connectorManifest } from '#core/connectors/registry'
import { checkConnectorConfig } from '#core/connectors/config_check'
import { registerKind } from './registry.js'

/** `<key>.connector.json`: an instance of a connector type, its config checked against the type's schema. */
registerKind({
  kind: 'connector',
  check(doc, _set, report) {
    const instance = doc as unknown as ConnectorInstanceDoc
    let manifest
    try {
      manifest = connectorManifest(instance.type)
    } catch (error: any) {
      return report('/type', `connector types cannot be read: ${error.message}`)
    }
    if (!manifest) return report('/type', `no connector type "${instance.type}"`)
    for (const p of checkConnectorConfig(manifest, instance.config)) report(p.pointer, p.message)
  },
})
