import { describeConnectorContract } from '#core/testing/connector_contract'
import { EchoPeer } from './fixtures/connectors/echo/peer.js'
import echo from './fixtures/connectors/echo/index.js'

/** The shared connector contract, proven on the echo fixture type and its TCP peer. */
const SECRET = 'echo-pass-7Qx9'
process.env.ECHO_CONTRACT_PASSWORD = SECRET
const peer = new EchoPeer(SECRET)
let produced = 0

describeConnectorContract('echo', () => ({
  type: echo,
  peer,
  config: () => ({ host: '127.0.0.1', port: peer.port, password: { $env: 'ECHO_CONTRACT_PASSWORD' } }),
  badConfig: { config: { host: '127.0.0.1', port: 70000, password: { $env: 'ECHO_CONTRACT_PASSWORD' } }, pointer: '/config/port' },
  async produce() {
    const id = `evt-${++produced}`
    peer.emit(id)
    return id
  },
  secrets: [SECRET],
}))
