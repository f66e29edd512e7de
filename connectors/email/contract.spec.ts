import { describeConnectorContract } from '#core/testing/connector_contract'
import email from './index.js'
import { freePort, sendInto, SmtpPeer } from './testing/smtp_peer.js'

/**
 * The shared connector contract: the peer is the city's SMTP server (a local smtp-server that
 * requires our login); events are letters relayed into the instance's inbound listener.
 */
const PASSWORD = 'smtp-contract-pa55-Kx9'
const TOKEN = 'relay-contract-t0ken-Wq4'
process.env.EMAIL_CONTRACT_PASSWORD = PASSWORD
process.env.EMAIL_CONTRACT_TOKEN = TOKEN
const peer = new SmtpPeer({ user: 'vikno', password: PASSWORD })
let letters = 0

describeConnectorContract('email', async () => {
  const inboundPort = await freePort()
  const config = (port: number) => ({
    smtp: { host: '127.0.0.1', port, secure: false, user: 'vikno', password: { $env: 'EMAIL_CONTRACT_PASSWORD' }, from: 'Контакт-центр <cc@city.example>' },
    inbound: { enabled: true, host: '127.0.0.1', port: inboundPort, allowedRecipients: ['city.example'], authToken: { $env: 'EMAIL_CONTRACT_TOKEN' } },
    checkIntervalMs: 300,
    timeoutMs: 1000,
  })
  return {
    type: email,
    peer,
    config: () => config(peer.port),
    badConfig: { config: config(70000), pointer: '/config/smtp/port' },
    produce: () => sendInto(inboundPort, { from: 'Мешканка <resident@mail.example>', to: 'cc@city.example', subject: `Звернення ${++letters}`, text: 'Не працює ліфт' }, { authToken: TOKEN }),
    secrets: [PASSWORD, TOKEN],
  }
})
