import { describeConnectorContract } from '#core/testing/connector_contract'
import { waitFor } from '#core/testing/connector_helpers'
import { engine } from '#core/engine/engine'
import smppType from './index.js'
import { SmscEmulator } from './testing/smsc.js'

/** The shared connector contract against the local SMSC emulator (real SMPP 3.4 over TCP). */
const SECRET = 'Zq7-s3cr'
process.env.SMPP_CONTRACT_PASSWORD = SECRET
const smsc = new SmscEmulator({ systemId: 'vikno', password: SECRET })
let produced = 0

// the password is a secret inside each item of the gateways array
const gateway = (port: number) => ({ key: 'gsm1', host: '127.0.0.1', port, systemId: 'vikno', password: { $env: 'SMPP_CONTRACT_PASSWORD' }, sourceAddr: 'Vikno' })

describeConnectorContract('smpp', () => ({
  type: smppType,
  peer: { start: async () => void (await smsc.start()), stop: () => smsc.stop() },
  config: () => ({ gateways: [gateway(smsc.port)], enquireLinkSeconds: 1 }),
  badConfig: { config: { gateways: [gateway(70000)] }, pointer: '/config/gateways/0/port' },
  async produce({ instance }) {
    // an SMSC sends MO messages to bound sessions only (and keeps them until one binds)
    await waitFor(() => smsc.boundSessions > 0, 20_000)
    const text = `Contract MO ${Date.now()} ${++produced}`
    const status = await smsc.mo({ from: '+380671112233', text })
    if (status !== 0) throw new Error(`deliver_sm_resp ${status}`)
    // the key holds the time the connector first saw the message: read it back from the inbox
    let key: string | undefined
    await waitFor(async () => {
      const row = await engine.knex('sys_connector_inbox').where({ instance, type: 'message_in' }).whereRaw(`payload->>'text' = ?`, [text]).first('idempotency_key')
      key = row?.idempotency_key
      return key !== undefined
    }, 15_000)
    return key!
  },
  secrets: [SECRET],
}))
