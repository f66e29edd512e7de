import { readFileSync } from 'node:fs'
import { defineConnectorType, type ConnectorManifest } from '#core/connectors/types'
import { EmailConnector } from './connector.js'

const manifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8')) as ConnectorManifest

/** E-mail: letters out through the city's SMTP server, letters in through an SMTP listener (messaging contract). */
export default defineConnectorType({ manifest, create: () => new EmailConnector() })
