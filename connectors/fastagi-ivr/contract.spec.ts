import { connect, createServer, type AddressInfo, type Socket } from 'node:net'
import { describeConnectorContract } from '#core/testing/connector_contract'
import { waitFor } from '#core/testing/connector_helpers'
import { recordingContext } from '#core/testing/connector_context'
import fastAgi from './index.js'

/**
 * The shared connector contract for the FastAGI server. The suite fits a listening server with
 * two readings: its "peer" is Asterisk, the AGI client, whose going away leaves the server's
 * health as it was (hasHealth false: the server watches no peer, it listens); and it has no
 * `produce` (an AGI call asks the engine for IVR steps, it delivers no inbound event), so the
 * suite checks it delivered nothing. The type has no secret member (secrets: []). What a
 * server owes beyond the suite (a call in progress cut by stop, the port free again, a taken
 * port reported) is below.
 */
const freePort = async () => {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/** Asterisk's side: open AGI sessions (header not yet sent: the server waits for it), cut on stop. */
class Asterisk {
  readonly sockets = new Set<Socket>()
  up = false

  async start() {
    this.up = true
  }

  async stop() {
    this.up = false
    for (const s of this.sockets) s.destroy()
    this.sockets.clear()
  }

  /** Opens one FastAGI session and sends the first header line; resolves once connected. */
  call(port: number): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1')
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
      socket.once('error', reject)
      socket.once('connect', () => {
        socket.write('agi_network: yes\n')
        resolve(socket)
      })
    })
  }
}

const port = await freePort()
const asterisk = new Asterisk()

describeConnectorContract('fastagi-ivr', () => ({
  type: fastAgi,
  peer: asterisk,
  config: () => ({ host: '127.0.0.1', port }),
  badConfig: { config: { host: '127.0.0.1', port: 70000 }, pointer: '/config/port' },
  secrets: [],
  hasHealth: false,
}))

function bareContext(config: Record<string, unknown>) {
  const ctx = recordingContext(config, { key: 'agi_contract' })
  return { ctx, health: ctx.health }
}

describe('fastagi-ivr: a listening server starts and stops cleanly', () => {
  it('stop() cuts a call in progress and frees the port for the next start', async () => {
    const server = fastAgi.create()
    const { ctx } = bareContext({ host: '127.0.0.1', port })
    await server.start(ctx)
    expect(server.health().status).toBe('up')
    const call = await asterisk.call(port)
    const closed = new Promise((resolve) => call.once('close', resolve))
    await server.stop()
    await closed
    expect(call.destroyed).toBeTrue()
    expect(server.health().status).toBe('stopped')

    const again = fastAgi.create()
    await again.start(bareContext({ host: '127.0.0.1', port }).ctx)
    expect(again.health()).toEqual(jasmine.objectContaining({ status: 'up', detail: `listening on 127.0.0.1:${port}` }))
    await again.stop()
  })

  it('a taken port: start fails with the reason in its health', async () => {
    const squatter = createServer()
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve))
    try {
      const server = fastAgi.create()
      const { ctx, health } = bareContext({ host: '127.0.0.1', port })
      await expectAsync(server.start(ctx)).toBeRejected()
      expect(health.at(-1)).toEqual(jasmine.objectContaining({ status: 'down', detail: jasmine.stringContaining('EADDRINUSE') }))
      await server.stop()
    } finally {
      await new Promise((resolve) => squatter.close(resolve))
    }
  })

  it('an aborted signal (the host reconfiguring) stops the server', async () => {
    const server = fastAgi.create()
    const { ctx } = bareContext({ host: '127.0.0.1', port })
    await server.start(ctx)
    ctx.abort()
    await waitFor(() => server.health().status === 'stopped', 5_000)
    const probe = createServer()
    await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(port, '127.0.0.1', resolve))
    await new Promise((resolve) => probe.close(resolve))
  })
})
