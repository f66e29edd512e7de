import 'reflect-metadata'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Ignitor } from '@adonisjs/core'
import type { ApplicationService } from '@adonisjs/core/types'

const APP_ROOT = new URL('../../', import.meta.url)
const IMPORTER = (filePath: string) => (filePath.startsWith('./') || filePath.startsWith('../') ? import(new URL(filePath, APP_ROOT).href) : import(filePath))

export interface TestApp {
  app: ApplicationService
  url: string
  httpServer: Server
}

let running: Promise<TestApp> | undefined

/**
 * The real application, in this process, once per test run: engine booted on the test
 * database (bin/test.ts chose it), real HTTP on a free port, Socket.IO attached.
 */
export function testApp(): Promise<TestApp> {
  running ??= start()
  return running
}

async function start(): Promise<TestApp> {
  const ignitor = new Ignitor(APP_ROOT, { importer: IMPORTER }).tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
  })
  const app = ignitor.createApp('test')
  await app.init()
  await app.boot()
  await app.start(() => {})
  const server = await app.container.make('server')
  await server.boot()
  const httpServer = createServer(server.handle.bind(server))
  server.setNodeServer(httpServer)
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  const { startRealtime } = await import('#core/realtime/server')
  await startRealtime(httpServer)
  const port = (httpServer.address() as AddressInfo).port
  return { app: app as ApplicationService, url: `http://127.0.0.1:${port}`, httpServer }
}
