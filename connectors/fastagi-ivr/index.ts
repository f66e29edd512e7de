import { readFileSync } from 'node:fs'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { defineConnectorType, type Connector, type ConnectorContext, type ConnectorHealth, type ConnectorManifest } from '#core/connectors/types'
import { AgiChannel } from './agi.js'
import { serveCall } from './call.js'

const manifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8')) as ConnectorManifest

/** A call left without a byte from Asterisk this long is dropped (a dead peer, not a slow caller: GET DATA waits in Asterisk). */
const IDLE_MS = 10 * 60_000

/**
 * `fastagi-ivr`: a FastAGI server (TCP, `agi://host:4573/<ivr>`) on every node (not a
 * singleton: Asterisk may point at any node, each serves calls alone). Each connection is one
 * call walked through its ivr document by the telephony module's `ivr_step` (connectors/fastagi-ivr/call.ts).
 */
export function fastAgiIvr(): Connector & { address(): AddressInfo | null } {
  let server: Server | undefined
  let ctx: ConnectorContext | undefined
  const sockets = new Set<Socket>()
  let health: ConnectorHealth = { status: 'stopped', since: new Date().toISOString() }
  const setHealth = (status: ConnectorHealth['status'], detail: string) => {
    health = { status, detail, since: new Date().toISOString() }
    ctx?.setHealth({ status, detail })
  }

  async function handle(socket: Socket) {
    sockets.add(socket)
    socket.setTimeout(IDLE_MS, () => socket.destroy())
    socket.on('close', () => sockets.delete(socket))
    const started = Date.now()
    const agi = new AgiChannel(socket)
    try {
      const done = await serveCall(agi, ctx!, { instance: ctx!.key, type: manifest.key })
      ctx!.log({ direction: 'in', operation: 'agi:call', status: 'ok', latencyMs: Date.now() - started, payload: done })
    } catch (error: any) {
      ctx!.log({ direction: 'in', operation: 'agi:call', status: 'error', latencyMs: Date.now() - started, error: String(error?.message ?? error) })
      // the dialplan sends the caller to the operators rather than into silence
      if (!agi.closed && !agi.hungUp) await agi.command('SET VARIABLE VIKNO_FAILED "1"').catch(() => null)
    } finally {
      agi.close()
    }
  }

  return {
    async start(context) {
      ctx = context
      const port = Number(context.config.port ?? 4573)
      const host = String(context.config.host ?? '0.0.0.0')
      server = createServer((socket) => void handle(socket))
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject)
        server!.listen(port, host, () => {
          server!.off('error', reject)
          resolve()
        })
      }).catch((error) => {
        setHealth('down', `cannot listen on ${host}:${port}: ${error.code ?? error.message}`)
        throw error
      })
      const at = server.address() as AddressInfo
      setHealth('up', `listening on ${at.address}:${at.port}`)
      context.signal.addEventListener('abort', () => void this.stop(), { once: true })
    },
    async stop() {
      const s = server
      server = undefined
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()))
      if (health.status !== 'stopped') setHealth('stopped', 'stopped')
    },
    health: () => health,
    async test() {
      const at = server?.address() as AddressInfo | null
      return at ? { ok: true, detail: `listening on ${at.address}:${at.port}` } : { ok: false, detail: 'not listening' }
    },
    address: () => (server?.address() as AddressInfo | null) ?? null,
  }
}

export default defineConnectorType({ manifest, create: fastAgiIvr })
