import { readFileSync } from 'node:fs'
import { defineConnectorType, type ConnectorManifest } from '#core/connectors/types'
import { SmppConnector } from './connector.js'

const manifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8')) as ConnectorManifest

/** SMS over SMPP 3.4 through the city's GSM gateways: send_message, inbound SMS and delivery receipts. */
export default defineConnectorType({ manifest, create: () => new SmppConnector() })
