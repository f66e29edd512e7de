import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'

/** Attachments: upload, link from a record, download under the record's row scope. */
describe('files', () => {
  let url: string
  let dispatcher: ApiClient
  let vodokanal: ApiClient
  let blagoustriy: ApiClient
  let vodId: string

  // a real 1×1 PNG: the server detects the type from the content, not from the client's word
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

  async function upload(client: ApiClient, name: string, content: string | Buffer, type = 'image/png') {
    const form = new FormData()
    form.append('file', new Blob([content], { type }), name)
    const res = await fetch(`${url}/api/v1/files`, { method: 'POST', body: form, headers: { cookie: client.cookie!, 'x-csrf-token': client.csrf! } })
    return { status: res.status, body: (await res.json()) as any }
  }

  async function download(client: ApiClient, id: string) {
    const res = await fetch(`${url}/api/v1/files/${id}`, { headers: { cookie: client.cookie! } })
    return { status: res.status, text: await res.text(), headers: res.headers }
  }

  beforeAll(async () => {
    url = (await testApp()).url
    const admin = await userClient(url, ['admin'])
    dispatcher = await userClient(url, ['test_dispatcher'])
    vodId = (await admin.post('/api/v1/records/counterparty', { name: 'Водоканал (файли)' })).body.data.id
    const blagId = (await admin.post('/api/v1/records/counterparty', { name: 'Благоустрій (файли)' })).body.data.id
    vodokanal = await userClient(url, ['test_contractor'], { counterparty: vodId })
    blagoustriy = await userClient(url, ['test_contractor'], { counterparty: blagId })
  })

  it('uploads, links from a record, and serves the file to those who may read the record', async () => {
    const up = await upload(dispatcher, 'труба.png', PNG)
    expect(up.status).toBe(201)
    expect(up.body.data).toEqual(jasmine.objectContaining({ name: 'труба.png', mime: 'image/png', size: PNG.length }))
    expect(up.body.data.sha256).toMatch(/^[0-9a-f]{64}$/)
    const order = await dispatcher.post('/api/v1/records/work_order', { title: 'З фото', contractor: vodId, photo: up.body.data.id })
    expect(order.status).withContext(order.text).toBe(201)
    const own = await download(vodokanal, up.body.data.id)
    expect(own.status).toBe(200)
    expect(own.headers.get('content-type')).toBe('image/png')
    expect(own.text.length).toBeGreaterThan(0)
    expect(own.headers.get('content-disposition')).toContain("filename*=UTF-8''%D1%82%D1%80%D1%83%D0%B1%D0%B0.png")
    expect((await download(blagoustriy, up.body.data.id)).status).toBe(404)
  })

  it('serves other types as attachments, never inline, whatever the client claimed', async () => {
    const up = await upload(dispatcher, 'x.png', '<script>alert(1)</script>', 'image/png')
    expect(up.body.data.mime).toBe('application/octet-stream')
    const res = await download(dispatcher, up.body.data.id)
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/)
  })

  it('refuses to link a file uploaded by someone else', async () => {
    const theirs = await upload(blagoustriy, 'чуже.png', 'SECRET')
    const res = await vodokanal.post('/api/v1/records/work_order', { title: 'Крадіжка', contractor: vodId, photo: theirs.body.data.id })
    expect(res.status).toBe(422)
    expect(res.body.errors[0].pointer).toBe('/photo')
  })

  it('refuses an upload without a file', async () => {
    const res = await fetch(`${url}/api/v1/files`, { method: 'POST', body: new FormData(), headers: { cookie: dispatcher.cookie!, 'x-csrf-token': dispatcher.csrf! } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as any).errors[0].pointer).toBe('/file')
  })
})
