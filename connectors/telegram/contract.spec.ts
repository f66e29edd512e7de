import { describeConnectorContract } from '#core/testing/connector_contract'
import { testApp } from '#core/testing/app'
import telegram from './index.js'
import { BotApiServer } from './testing/bot_api_server.js'
import { textUpdate } from './testing/updates.js'

/**
 * The shared connector contract for the Telegram type, in both modes, against the local Bot
 * API emulator (the same port again after a restart). Webhook mode: the instance sets its
 * webhook to the in-process server, and the emulator posts updates there as Telegram does;
 * health follows the Bot API through the periodic check. Polling mode: updates are queued on
 * the emulator and fetched by long polling.
 */
const TOKEN = '6012345678:AAContractToken_x7Kq9Lm2Np4Rs6Tv8Wy0Zb'
const HOOK_SECRET = 'contract-hook-secret_Jd83kLq'
process.env.TELEGRAM_CONTRACT_TOKEN = TOKEN
process.env.TELEGRAM_CONTRACT_HOOK_SECRET = HOOK_SECRET
const keyOf = (update: { update_id: number; message?: { chat: { id: number }; message_id: number } }) => `update:${update.update_id}:${update.message!.chat.id}:${update.message!.message_id}`
let chats = 380_000_000

const hooks = new BotApiServer(TOKEN)
describeConnectorContract('telegram', async () => {
  const { url } = await testApp()
  return {
    type: telegram,
    peer: hooks,
    config: () => ({
      token: { $env: 'TELEGRAM_CONTRACT_TOKEN' },
      mode: 'webhook',
      publicUrl: url,
      webhookSecret: { $env: 'TELEGRAM_CONTRACT_HOOK_SECRET' },
      apiRoot: hooks.apiRoot,
      checkIntervalSeconds: 1,
    }),
    badConfig: { config: { token: { $env: 'TELEGRAM_CONTRACT_TOKEN' }, mode: 'pigeon', apiRoot: hooks.apiRoot }, pointer: '/config/mode' },
    async produce() {
      const posted = await hooks.postToWebhook(textUpdate(++chats, 'Не працює ліфт'))
      if (posted.status !== 200) throw new Error(`the webhook answered ${posted.status}: ${posted.body}`)
      return keyOf(posted.update as any)
    },
    secrets: [TOKEN, HOOK_SECRET],
  }
})

const polls = new BotApiServer(TOKEN)
describeConnectorContract('telegram-polling', () => ({
  type: telegram,
  peer: polls,
  config: () => ({ token: { $env: 'TELEGRAM_CONTRACT_TOKEN' }, mode: 'polling', apiRoot: polls.apiRoot, pollTimeoutSeconds: 1 }),
  badConfig: { config: { token: { $env: 'TELEGRAM_CONTRACT_TOKEN' }, mode: 'polling', apiRoot: 'ftp://example.com' }, pointer: '/config/apiRoot' },
  async produce() {
    return keyOf(polls.pushUpdate(textUpdate(++chats, 'Немає води')) as any)
  },
  secrets: [TOKEN],
}))
