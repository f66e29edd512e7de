import { describeConnectorContract } from '#core/testing/connector_contract'
import httpSms from './index.js'
import { postReport, TurboSmsServer } from './testing/turbosms_server.js'

/**
 * The shared connector contract for the HTTP SMS gateway type, configured as TurboSMS against
 * the local TurboSMS emulator. An HTTP sender watches no peer between sends (hasHealth false:
 * a failed send degrades it, see http_sms.spec.ts); what it receives are delivery reports
 * POSTed to the host's webhook route with the report token.
 */
const API_TOKEN = 'turbo-api-t0ken-Qx7'
const REPORT_TOKEN = 'sms-report-t0ken-Zp3'
process.env.HTTP_SMS_CONTRACT_API_TOKEN = API_TOKEN
process.env.HTTP_SMS_CONTRACT_REPORT_TOKEN = REPORT_TOKEN
const turbo = new TurboSmsServer(API_TOKEN)
const example = (await import('./examples/turbosms.json', { with: { type: 'json' } })).default
let n = 0

const config = () => ({
  ...example.config,
  url: turbo.url,
  auth: { mode: 'bearer', token: { $env: 'HTTP_SMS_CONTRACT_API_TOKEN' } },
  reports: { token: { $env: 'HTTP_SMS_CONTRACT_REPORT_TOKEN' }, id: 'message_id', status: 'status', statusMap: { DELIVERED: 'delivered', UNDELIVERED: 'failed' } },
  timeoutMs: 2000,
})

describeConnectorContract('http-sms', () => ({
  type: httpSms,
  peer: turbo,
  config,
  badConfig: { config: { ...config(), method: 'DELETE' }, pointer: '/config/method' },
  async produce({ instance, baseUrl }) {
    const id = `contract-${Date.now()}-${++n}`
    const res = await postReport(`${baseUrl}/api/v1/connectors/${instance}/webhook?token=${REPORT_TOKEN}`, { message_id: id, status: 'DELIVERED' })
    if (res.status !== 200) throw new Error(`the webhook answered ${res.status}: ${res.body}`)
    return `status:${id}:delivered`
  },
  secrets: [API_TOKEN, REPORT_TOKEN],
  hasHealth: false,
}))
