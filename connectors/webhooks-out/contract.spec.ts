import { describeConnectorContract } from '#core/testing/connector_contract'
import { HttpPeer } from '#core/testing/http_peer'
import webhooksOut from './index.js'

/**
 * The shared connector contract for outbound webhooks; the peer is a local receiving server
 * (loopback, so allowPrivate). An HTTP sender watches no peer between deliveries (hasHealth
 * false: a failed delivery degrades it, tested in webhooks_out.spec.ts) and receives nothing
 * from it: no `produce`, and the suite checks it delivered nothing inbound.
 */
const SECRET = 'hooks-out-s3cret-Vb2'
process.env.WEBHOOKS_OUT_CONTRACT_SECRET = SECRET

const receiver = new HttpPeer((req, res) => {
  req.resume()
  req.on('end', () => res.writeHead(204).end())
})
const config = (subscriptions: unknown[]) => ({
  url: `http://127.0.0.1:${receiver.port}/hooks`,
  secret: { $env: 'WEBHOOKS_OUT_CONTRACT_SECRET' },
  subscriptions,
  allowPrivate: true,
  timeoutMs: 2000,
})

describeConnectorContract('webhooks-out', () => ({
  type: webhooksOut,
  peer: receiver,
  config: () => config([{ entity: 'work_order', events: ['created', 'updated'] }]),
  badConfig: { config: config([]), pointer: '/config/subscriptions' },
  secrets: [SECRET],
  hasHealth: false,
}))
