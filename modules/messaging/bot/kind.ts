/**
 * The `bot` metadata kind: its meta-schema is modules/messaging/schemas/bot.schema.json (path
 * relative to the messaging module); the check adds what a schema cannot say.
 */
import type { ModuleKind } from '#core/modules/define'
import type { ConnectorInstanceDoc } from '#core/connectors/types'
import { connectorManifest } from '#core/connectors/registry'
import type { MetaDocument } from '#core/shared/metadata'
import { TEXTS } from './texts.js'
import type { BotDoc } from './types.js'

/**
 * - a connector key that names a published connector instance must be of a type that receives
 *   messages; a key naming no instance yet is accepted (the channel is configured later, the
 *   bot answers on it from then on), so a city pack can name its channels before their secrets;
 * - one bot per connector: two bots on one connector would both answer;
 * - a menu item once; text overrides only for phrases the bot has;
 * - request categories that some request type uses.
 */
export const botKind: ModuleKind = {
  kind: 'bot',
  schema: 'schemas/bot.schema.json',
  check(raw, set, report) {
    const doc = raw as BotDoc
    doc.connectors.forEach((key, i) => {
      const instance = set.get<MetaDocument & ConnectorInstanceDoc>('connector', key)
      if (instance) {
        let capabilities: string[] = []
        try {
          capabilities = connectorManifest(instance.type)?.capabilities ?? []
        } catch {
          capabilities = []
        }
        if (!capabilities.includes('receive_message')) report(`/connectors/${i}`, `connector "${key}" (type ${instance.type}) does not receive messages`)
      }
      const other = set.list<BotDoc>('bot').find((b) => b.key !== doc.key && b.connectors.includes(key))
      if (other) report(`/connectors/${i}`, `connector "${key}" is already answered by bot "${other.key}"`)
    })
    const seen = new Set<string>()
    doc.menu.forEach((m, i) => {
      if (seen.has(m.item)) report(`/menu/${i}/item`, `"${m.item}" is already in the menu`)
      seen.add(m.item)
    })
    for (const name of Object.keys(doc.texts ?? {})) {
      if (!(name in TEXTS)) report(`/texts/${name}`, `no phrase "${name}" (known: ${Object.keys(TEXTS).join(', ')})`)
    }
    const used = new Set(set.list<MetaDocument & { category?: string }>('request_type').map((rt) => rt.category))
    doc.requestTypes.categories?.forEach((c, i) => {
      if (!used.has(c)) report(`/requestTypes/categories/${i}`, `no request type has category "${c}"`)
    })
  },
}
