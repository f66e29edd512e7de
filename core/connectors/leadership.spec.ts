import { recreateDatabase } from '#core/testing/database'
import { ApiClient } from '#core/testing/client'
import { startServer, runAce, health, type ServerProcess } from '#core/testing/server_process'
import { publishConnector, waitFor } from '#core/testing/connector_helpers'
import { EchoPeer } from '../../tests/fixtures/connectors/echo/peer.js'

function leaderDatabaseUrl() {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vikno_test')
  url.pathname = `/${url.pathname.slice(1)}_leader`
  return url
}

/**
 * A singleton instance (the echo type keeps a TCP session) runs on exactly one of two server
 * processes; when that one is killed with SIGKILL, the other takes it over within 10 s.
 * Always on the machine's PostgreSQL server (advisory locks across processes), like two_nodes.
 */
describe('connector leadership across two nodes', () => {
  const nodes: Record<string, ServerProcess> = {}
  const peer = new EchoPeer('leader-pass-1')
  const status = async (node: ServerProcess) => (await health(node.url)).connectors?.lead_echo?.status

  beforeAll(async () => {
    await peer.start()
    const url = leaderDatabaseUrl()
    await recreateDatabase(url)
    const env = { DATABASE_URL: url.toString(), LEADER_SPEC_PASSWORD: 'leader-pass-1' }
    ;[nodes.A, nodes.B] = await Promise.all([startServer({ ...env, VIKNO_NODE: 'A' }), startServer({ ...env, VIKNO_NODE: 'B' })])
    await runAce(['vikno:user', '--login', 'root', '--roles', 'admin', '--password', 'root-pass-1'], env)
  }, 180_000)

  afterAll(async () => {
    await Promise.all(Object.values(nodes).map((n) => n.stop()))
    await peer.stop()
  })

  it('runs on one node and moves to the other when the leader is killed', async () => {
    const admin = await new ApiClient(nodes.A.url).login('root', 'root-pass-1')
    await publishConnector(admin, 'lead_echo', { type: 'echo', config: { host: '127.0.0.1', port: peer.port, password: { $env: 'LEADER_SPEC_PASSWORD' } } })
    await waitFor(async () => peer.sessions === 1 && ((await status(nodes.A)) === 'up' || (await status(nodes.B)) === 'up'), 20_000)
    const [leader, follower] = (await status(nodes.A)) === 'up' ? [nodes.A, nodes.B] : [nodes.B, nodes.A]
    await waitFor(async () => (await health(follower.url)).metadata.revision === (await health(leader.url)).metadata.revision, 10_000)
    await new Promise((r) => setTimeout(r, 3000)) // longer than a follower's retry
    expect(peer.logins).toBe(1)
    expect(await status(follower)).toBe('stopped')
    leader.proc.kill('SIGKILL')
    await waitFor(async () => (await status(follower)) === 'up', 10_000)
    expect(peer.sessions).toBe(1)
    expect(peer.logins).toBe(2)
  }, 90_000)
})
