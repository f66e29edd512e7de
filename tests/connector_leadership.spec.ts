import { recreateDatabase } from '#core/testing/database'
import { ApiClient } from '#core/testing/client'
import { startServer, runAce, health, type ServerProcess } from '#core/testing/server_process'
import { publishConnector, waitFor } from '#core/testing/connector_helpers'
import { EchoPeer } from './fixtures/connectors/echo/peer.js'
import { AmiEmulator } from '../connectors/asterisk-ami/testing/ami_emulator.js'

function leaderDatabaseUrl() {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vikno_test')
  url.pathname = `/${url.pathname.slice(1)}_leader`
  return url
}

/**
 * A singleton instance runs on exactly one of the server processes; when that one is killed
 * with SIGKILL, another takes it over within 10 s. Two singleton types: the echo fixture (a
 * TCP session) and asterisk-ami against the AMI emulator (the city's PBX session). Each
 * instance has its own lock, so their leaders may differ: the node holding the AMI session is
 * killed first; a third node is started to take over from the survivor when the echo instance
 * was not on the killed one. Always on the machine's PostgreSQL server (advisory locks across
 * processes), like two_nodes.
 */
describe('connector leadership across nodes', () => {
  const nodes: ServerProcess[] = []
  const peer = new EchoPeer('leader-pass-1')
  const pbx = new AmiEmulator({ username: 'vikno', secret: 'leader-ami-2' })
  const status = async (node: ServerProcess, key: string) => (await health(node.url)).connectors?.[key]?.status
  let env: Record<string, string>

  beforeAll(async () => {
    await peer.start()
    await pbx.start()
    const url = leaderDatabaseUrl()
    await recreateDatabase(url)
    env = { DATABASE_URL: url.toString(), LEADER_SPEC_PASSWORD: 'leader-pass-1', LEADER_SPEC_AMI_SECRET: 'leader-ami-2' }
    nodes.push(...(await Promise.all([startServer({ ...env, VIKNO_NODE: 'A' }), startServer({ ...env, VIKNO_NODE: 'B' })])))
    await runAce(['vikno:user', '--login', 'root', '--roles', 'admin', '--password', 'root-pass-1'], env)
  }, 180_000)

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()))
    await peer.stop()
    await pbx.stop()
  })

  /** The node whose health says `key` is up, once one does. */
  async function leaderOf(key: string, among: ServerProcess[]) {
    let leader: ServerProcess | undefined
    await waitFor(async () => {
      for (const n of among) if ((await status(n, key).catch(() => undefined)) === 'up') leader = n
      return !!leader
    }, 20_000)
    return leader!
  }

  it('runs each singleton on one node and moves it when that node is killed (echo and asterisk-ami)', async () => {
    const admin = await new ApiClient(nodes[0].url).login('root', 'root-pass-1')
    await publishConnector(admin, 'lead_echo', { type: 'echo', config: { host: '127.0.0.1', port: peer.port, password: { $env: 'LEADER_SPEC_PASSWORD' } } })
    await publishConnector(admin, 'lead_ami', { type: 'asterisk-ami', config: { host: '127.0.0.1', port: pbx.port, username: 'vikno', secret: { $env: 'LEADER_SPEC_AMI_SECRET' } } })
    const amiLeader = await leaderOf('lead_ami', nodes)
    const echoLeader = await leaderOf('lead_echo', nodes)
    const [survivor] = nodes.filter((n) => n !== amiLeader)
    await waitFor(async () => (await health(survivor.url)).metadata.revision === (await health(amiLeader.url)).metadata.revision, 10_000)
    await new Promise((r) => setTimeout(r, 3000)) // longer than a follower's retry
    expect(peer.logins).toBe(1)
    expect(pbx.logins).toBe(1)
    expect(pbx.listeners).toBe(1)
    expect(await status(survivor, 'lead_ami')).toBe('stopped')

    amiLeader.proc.kill('SIGKILL')
    await waitFor(async () => (await status(survivor, 'lead_ami')) === 'up', 10_000)
    await waitFor(() => pbx.listeners === 1, 5_000)
    expect(pbx.logins).toBe(2)
    if (echoLeader === amiLeader) {
      await waitFor(async () => (await status(survivor, 'lead_echo')) === 'up', 10_000)
      expect(peer.sessions).toBe(1)
      expect(peer.logins).toBe(2)
      return
    }
    // the echo session stayed on the survivor: a third node takes both over when it dies
    const third = await startServer({ ...env, VIKNO_NODE: 'C' })
    nodes.push(third)
    await waitFor(async () => (await health(third.url)).metadata.revision === (await health(survivor.url)).metadata.revision, 20_000)
    survivor.proc.kill('SIGKILL')
    await waitFor(async () => (await status(third, 'lead_echo')) === 'up' && (await status(third, 'lead_ami')) === 'up', 10_000)
    expect(peer.sessions).toBe(1)
    expect(peer.logins).toBe(2)
    await waitFor(() => pbx.listeners === 1, 5_000)
    expect(pbx.logins).toBe(3)
  }, 150_000)
})
