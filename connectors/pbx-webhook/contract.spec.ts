import { createHmac } from 'node:crypto'
import { describeConnectorContract } from '#core/testing/connector_contract'
import { HttpPeer } from '#core/testing/http_peer'
import pbxWebhook from './index.js'

/**
 * The shared connector contract for the cloud-PBX webhook type. Its peer is the PBX's
 * click-to-call HTTP API (a local server, the same port again after a restart); notifications
 * are POSTed signed to the host's webhook route. A webhook receiver watches no peer: its health
 * does not follow the API being down (hasHealth false), a failed click-to-call degrades it.
 */
const HOOK_SECRET = 'pbx-hook-s3cret-Lm4'
const API_SECRET = 'pbx-api-s3cret-Rt8'
process.env.PBX_CONTRACT_HOOK_SECRET = HOOK_SECRET
process.env.PBX_CONTRACT_API_SECRET = API_SECRET

/** The PBX's click-to-call API. */
const api = new HttpPeer((req, res) => {
  req.resume()
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}'))
})
let calls = 0

describeConnectorContract('pbx-webhook', () => ({
  type: pbxWebhook,
  peer: api,
  config: () => ({
    auth: { mode: 'hmac', header: 'X-Signature', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=', secret: { $env: 'PBX_CONTRACT_HOOK_SECRET' } },
    clickToCall: {
      url: `http://127.0.0.1:${api.port}/calls`,
      body: { from: '{extension}', to: '{number}', secret: '{secret}' },
      secret: { $env: 'PBX_CONTRACT_API_SECRET' },
      timeoutMs: 1000,
    },
  }),
  mappings: () => ({
    event: 'type',
    eventMap: { ring: 'ringing', answer: 'answered', hangup: 'ended', '*': null },
    callId: 'call.id',
    caller: 'call.from',
    extension: 'call.to',
  }),
  badConfig: { config: { auth: { mode: 'hmac', header: 'X-Signature', algorithm: 'md5', encoding: 'hex', secret: { $env: 'PBX_CONTRACT_HOOK_SECRET' } } }, pointer: '/config/auth/algorithm' },
  async produce({ instance, baseUrl }) {
    const id = `pbx-${Date.now()}-${++calls}`
    const body = JSON.stringify({ type: 'ring', call: { id, from: '+380671234567', to: '101' } })
    const signature = createHmac('sha256', HOOK_SECRET).update(body).digest('hex')
    const res = await fetch(`${baseUrl}/api/v1/connectors/${instance}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': `sha256=${signature}` },
      body,
    })
    if (res.status !== 200) throw new Error(`the webhook answered ${res.status}: ${await res.text()}`)
    return `${id}:ringing`
  },
  secrets: [HOOK_SECRET, API_SECRET],
  hasHealth: false,
}))
