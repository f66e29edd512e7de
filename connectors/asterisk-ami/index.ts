import { readFileSync } from 'node:fs'
import { defineConnectorType, type ConnectorManifest } from '#core/connectors/types'
import { AsteriskAmi } from './connector.js'

const manifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8')) as ConnectorManifest

/** Asterisk through its Manager Interface: call events, click-to-call (Originate) and recording names. */
export default defineConnectorType({ manifest, create: () => new AsteriskAmi() })
