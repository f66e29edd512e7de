import { describeConnectorContract } from '#core/testing/connector_contract'
import { waitFor } from '#core/testing/connector_helpers'
import asteriskAmi from './index.js'
import { AmiEmulator } from './testing/ami_emulator.js'
import { loadTranscript } from './testing/transcript.js'

/** The shared connector contract against the local AMI emulator (a real AMI TCP server). */
const SECRET = 'ami-contract-s3cret-Zq7'
process.env.AMI_CONTRACT_SECRET = SECRET
const pbx = new AmiEmulator({ username: 'vikno', secret: SECRET })
let calls = 0

describeConnectorContract('asterisk-ami', () => ({
  type: asteriskAmi,
  // the same port again after a stop: the instance reconnects to it
  peer: { start: async () => void (await pbx.start()), stop: () => pbx.stop() },
  config: () => ({
    host: '127.0.0.1',
    port: pbx.port,
    username: 'vikno',
    secret: { $env: 'AMI_CONTRACT_SECRET' },
    pingIntervalMs: 200,
    timeoutMs: 300,
    reconnectMinMs: 50,
    reconnectMaxMs: 400,
    settleMs: 30,
  }),
  badConfig: { config: { host: '127.0.0.1', port: 70000, username: 'vikno', secret: { $env: 'AMI_CONTRACT_SECRET' } }, pointer: '/config/port' },
  async produce() {
    // Asterisk sends events only to logged-in sessions and never replays them: right after the
    // peer's restart the suite may see the old 'up' before the instance noticed the drop, so the
    // call starts once the instance is logged in again (events played to nobody are lost on a real PBX too)
    await waitFor(() => pbx.listeners > 0, 20_000)
    // a whole direct call (ringing → answered → ended); its first event is the one counted
    const id = `17${Date.now() % 1e8}${++calls}`
    await pbx.play(loadTranscript('direct_call', { id, agent: '101' }))
    return `${id}.61:ringing:101`
  },
  secrets: [SECRET],
}))
