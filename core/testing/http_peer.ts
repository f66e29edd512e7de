import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local HTTP server standing in for a connector's peer in specs: `stop()` takes it down
 * (open connections cut), `start()` brings it back on the same port.
 *
 * @example const receiver = new HttpPeer((req, res) => res.writeHead(204).end())
 */
export class HttpPeer {
  port = 0
  #server?: Server

  constructor(private readonly handler: RequestListener) {}

  async start() {
    const server = createServer(this.handler)
    this.#server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.port = (server.address() as AddressInfo).port
  }

  async stop() {
    const server = this.#server
    this.#server = undefined
    server?.closeAllConnections()
    if (server) await new Promise((resolve) => server.close(resolve))
  }
}
