import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io as connect, type Socket } from 'socket.io-client'
import { ApiClient } from '#core/testing/client'
import { startServer, runServerToExit, runAce, health, type ServerProcess } from '#core/testing/server_process'
import type { RecordEvent } from '#core/shared/events'

const entityFile = {
  $schema: '../../../../metadata/schemas/entity.schema.json',
  kind: 'entity',
  key: 'crew_job',
  label: { uk: 'Виїзд бригади', en: 'Crew job' },
  display: 'summary',
  fields: {
    summary: { type: 'string', required: true, search: true, label: { uk: 'Суть', en: 'Summary' } },
    company: { type: 'reference', to: 'counterparty', required: true, label: { uk: 'Підприємство', en: 'Company' } },
    kind: { type: 'enum', options: ['water', 'light', 'road'], required: true, label: { uk: 'Вид', en: 'Kind' } },
    caller_phone: { type: 'phone', label: { uk: 'Телефон заявника', en: 'Caller phone' } },
    residents: { type: 'multi_reference', to: 'contact', label: { uk: 'Мешканці', en: 'Residents' } },
  },
}

const roleFile = {
  $schema: '../../../../metadata/schemas/role.schema.json',
  kind: 'role',
  key: 'crew',
  label: { uk: 'Бригада', en: 'Crew' },
  permissions: {
    crew_job: { actions: ['read', 'create', 'update'], scope: { company: { eq: '$user.counterparty' } } },
    counterparty: { actions: ['read'], scope: { id: { eq: '$user.counterparty' } } },
  },
}

/**
 * Acceptance of the engine: a module adds one entity file (with a reference, an enum, a phone
 * and a multi-reference) and one role file; after a restart the entity has its table, a
 * validated API, an OpenAPI entry, role rules and live events — with no TypeScript written.
 */
describe('a new entity file in a module', () => {
  let dataDir: string
  let moduleDir: string
  let server: ServerProcess | undefined
  const env = () => ({ VIKNO_DATA_DIR: dataDir, VIKNO_EXTRA_MODULES: moduleDir })

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'vikno-restart-'))
    moduleDir = join(dataDir, 'module_under_test')
    mkdirSync(moduleDir, { recursive: true })
  })

  afterAll(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('is served after a restart with table, validation, OpenAPI, role rules and live events', async () => {
    server = await startServer(env())
    expect((await health(server.url)).metadata.revision).toBe(1)
    expect(await server.stop()).toBe(0)

    mkdirSync(join(moduleDir, 'entities'))
    mkdirSync(join(moduleDir, 'roles'))
    writeFileSync(join(moduleDir, 'entities', 'crew_job.entity.json'), JSON.stringify(entityFile, null, 2) + '\n')
    writeFileSync(join(moduleDir, 'roles', 'crew.role.json'), JSON.stringify(roleFile, null, 2) + '\n')

    server = await startServer(env())
    expect((await health(server.url)).metadata.revision).toBe(2)

    // users through the ace command, which joins the running server's embedded database
    await runAce(['vikno:user', '--login', 'boss', '--roles', 'admin', '--password', 'boss-pass-1'], env())
    const admin = await new ApiClient(server.url).login('boss', 'boss-pass-1')
    const water = (await admin.post('/api/v1/records/counterparty', { name: 'Водоканал' })).body.data.id
    const light = (await admin.post('/api/v1/records/counterparty', { name: 'Міськсвітло' })).body.data.id
    await runAce(['vikno:user', '--login', 'crew_w', '--roles', 'crew', '--password', 'crew-pass-1', '--attr', `counterparty=${water}`], env())
    await runAce(['vikno:user', '--login', 'crew_l', '--roles', 'crew', '--password', 'crew-pass-2', '--attr', `counterparty=${light}`], env())
    const crewW = await new ApiClient(server.url).login('crew_w', 'crew-pass-1')
    const crewL = await new ApiClient(server.url).login('crew_l', 'crew-pass-2')

    // validated API
    const bad = await crewW.post('/api/v1/records/crew_job', { summary: 'x', company: water, kind: 'gas', caller_phone: 'abc' })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/caller_phone', '/kind'])

    // live events, filtered by the role's scope
    const sockets: Socket[] = []
    const listen = async (client: ApiClient) => {
      const s = connect(server!.url, { transports: ['websocket'], extraHeaders: { cookie: client.cookie! } })
      sockets.push(s)
      await new Promise((resolve, reject) => (s.once('connect', () => resolve(null)), s.once('connect_error', reject)))
      expect((await new Promise<any>((resolve) => s.emit('subscribe', 'entity:crew_job', resolve))).ok).toBeTrue()
      const events: RecordEvent[] = []
      s.on('record', (e) => events.push(e))
      return events
    }
    const eventsW = await listen(crewW)
    const eventsL = await listen(crewL)

    const resident = (await admin.post('/api/v1/records/contact', { full_name: 'Олег Мельник' })).body.data.id
    const job = await admin.post('/api/v1/records/crew_job', { summary: 'Немає води', company: water, kind: 'water', caller_phone: '(067) 555-44-33', residents: [resident] })
    expect(job.status).withContext(job.text).toBe(201)
    expect(job.body.data.caller_phone).toBe('+380675554433')
    expect(job.body.data.residents).toEqual([resident])

    const deadline = Date.now() + 3000
    while (!eventsW.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(eventsW).toEqual([{ entity: 'crew_job', id: job.body.data.id, version: 1, op: 'created' }])
    await new Promise((r) => setTimeout(r, 300))
    expect(eventsL).toEqual([])
    sockets.forEach((s) => s.close())

    // role rules
    expect((await crewW.get(`/api/v1/records/crew_job/${job.body.data.id}`)).status).toBe(200)
    expect((await crewL.get(`/api/v1/records/crew_job/${job.body.data.id}`)).status).toBe(404)
    expect((await crewL.get('/api/v1/records/crew_job?count=true')).body.total).toBe(0)

    // OpenAPI entry
    const doc = (await crewW.get('/api/v1/openapi.json')).body
    expect(doc.paths['/api/v1/records/crew_job'].post).toBeDefined()
    expect(doc.components.schemas.CrewJobCreate.required.sort()).toEqual(['company', 'kind', 'summary'])
    expect(doc.components.schemas.CrewJob.properties.kind.enum).toEqual(jasmine.arrayContaining(['water', 'light', 'road']))

    expect(await server.stop()).toBe(0)
    server = undefined
  }, 180_000) // two boots and three ace commands: over a minute on a loaded machine

  it('stops the boot on invalid metadata, naming the file, the JSON pointer and the reason', async () => {
    const broken = { ...entityFile, key: 'broken_job', fields: { ...entityFile.fields, size: { type: 'hugeint' } } }
    writeFileSync(join(moduleDir, 'entities', 'broken_job.entity.json'), JSON.stringify(broken, null, 2) + '\n')
    const { code, output } = await runServerToExit(env())
    rmSync(join(moduleDir, 'entities', 'broken_job.entity.json'))
    expect(code).not.toBe(0)
    expect(output).toContain('broken_job.entity.json')
    expect(output).toContain('/fields/size/type')
    expect(output).toContain('unknown field type "hugeint"')
  })
})
