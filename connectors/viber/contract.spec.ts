import { describeConnectorContract } from '#core/testing/connector_contract'
import { testApp } from '#core/testing/app'
import viber from './index.js'
import { ViberApiServer } from './testing/viber_api_server.js'

/**
 * The shared connector contract for the Viber bot type against the local Viber API emulator
 * (same port after a restart). Health follows get_account_info, checked every second here;
 * an event is a signed `message` callback the emulator posts to the host's webhook route.
 */
const TOKEN = '4a3f0e6c1b2d5e7f-viber-contract-t0ken'
process.env.VIBER_CONTRACT_TOKEN = TOKEN
const api = new ViberApiServer(TOKEN)

describeConnectorContract('viber', async () => {
  const publicUrl = (await testApp()).url
  const config = () => ({ token: { $env: 'VIBER_CONTRACT_TOKEN' }, publicUrl, senderName: 'Міська служба', apiRoot: api.apiRoot, healthCheckSeconds: 1, timeoutMs: 2000 })
  return {
    type: viber,
    peer: api,
    config,
    badConfig: { config: { ...config(), senderName: 'A sender name longer than twenty-eight' }, pointer: '/config/senderName' },
    async produce() {
      const token = api.nextToken()
      const res = await api.message('contract-user', { type: 'text', text: 'Добрий день' }, token)
      if (res.status !== 200) throw new Error(`the webhook answered ${res.status}: ${res.body}`)
      return `message:${token}`
    },
    secrets: [TOKEN],
  }
})
