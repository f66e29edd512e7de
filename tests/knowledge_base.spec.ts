import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'

/** The knowledge base: sanitised bodies, revisions, audience scopes, ranked Ukrainian search. */
describe('knowledge base', () => {
  let editor: ApiClient
  let operator: ApiClient
  let resident: ApiClient
  const tag = Date.now().toString(36)

  beforeAll(async () => {
    const { url } = await testApp()
    editor = await userClient(url, ['supervisor'])
    operator = await userClient(url, ['operator'])
    resident = await userClient(url, ['resident'])
  })

  it('sanitises the body on the server and keeps a revision of every change', async () => {
    const res = await editor.post('/api/v1/records/kb_article', {
      title: `Немає холодної води ${tag}`,
      body: '<p onclick="steal()">Перевірте сусідів.</p><script>alert(1)</script><a href="javascript:evil()">x</a><a href="tel:104">104</a>',
      tags: 'вода, водопостачання',
      audience: 'both',
    })
    expect(res.status).withContext(res.text).toBe(201)
    const body = res.body.data.body as string
    expect(body).not.toContain('script')
    expect(body).not.toContain('onclick')
    expect(body).not.toContain('javascript:')
    expect(body).toContain('<a href="tel:104" rel="noopener noreferrer">104</a>')
    expect(res.body.data.version_no).toBe(1)
    const edited = await editor.patch(`/api/v1/records/kb_article/${res.body.data.id}`, { body: '<p>Спершу перевірте сусідів, потім телефонуйте.</p>' })
    expect(edited.body.data.version_no).toBe(2)
    const versions = await engine.knex('kb_article_version').where({ article: res.body.data.id }).orderBy('version_no')
    expect(versions.map((v: any) => v.version_no)).toEqual([1, 2])
    expect(versions[1].created_by).toBe((editor as any).userId)
  })

  it('ranks title matches first, and forgives a typo', async () => {
    await editor.post('/api/v1/records/kb_article', { title: `Графік прибирання ${tag}`, body: '<p>Коли немає води, прибирання переноситься.</p>', audience: 'both' })
    const found = await operator.get(`/api/v1/actions/kb.search?q=${encodeURIComponent('вода ' + tag)}`)
    expect(found.status).toBe(200)
    expect(found.body.data[0].title).toBe(`Немає холодної води ${tag}`)
    const typo = await operator.get(`/api/v1/actions/kb.search?q=${encodeURIComponent(`Немае холоднои вади ${tag}`)}`)
    expect(typo.body.data.map((a: any) => a.title)).toContain(`Немає холодної води ${tag}`)
  })

  it('corrects words that merely start with a known word, and ranks by the corrected words', async () => {
    const post = (title: string, body = '<p>Див. диспетчерську.</p>') => editor.post('/api/v1/records/kb_article', { title: `${title} ${tag}`, body, audience: 'both' })
    await post('Графік відключення опалення')
    await post('Опалення: кому дзвонити', '<p>Графік є на сайті.</p>')
    await post('Не працює ліфт')
    await post('Телефони Водоканалу', '<p>Водоканал: 104.</p>')
    const titles = async (q: string) => {
      const res = await operator.get(`/api/v1/actions/kb.search?q=${encodeURIComponent(`${q} ${tag}`)}`)
      expect(res.status).toBe(200)
      return { typo: res.body.typoTolerant, titles: res.body.data.map((a: any) => a.title) }
    }
    const schedule = await titles('апаленя грфік') // the README's example
    expect(schedule.typo).toBeTrue()
    expect(schedule.titles[0]).toBe(`Графік відключення опалення ${tag}`)
    expect((await titles('ліфтт')).titles[0]).toBe(`Не працює ліфт ${tag}`)
    expect((await titles('водаканал')).titles[0]).toBe(`Телефони Водоканалу ${tag}`)
  })

  it('shows residents only articles for residents', async () => {
    await editor.post('/api/v1/records/kb_article', { title: `Скрипт оператора ${tag}`, body: '<p>Лише для операторів.</p>', audience: 'operators' })
    const forOperator = await operator.get(`/api/v1/actions/kb.search?q=${encodeURIComponent('скрипт ' + tag)}`)
    expect(forOperator.body.data.length).toBe(1)
    const forResident = await resident.get(`/api/v1/actions/kb.search?q=${encodeURIComponent('скрипт ' + tag)}`)
    expect(forResident.body.data.map((a: any) => a.title)).not.toContain(`Скрипт оператора ${tag}`)
    expect((await resident.post('/api/v1/records/kb_article', { title: 'x', body: 'y', audience: 'both' })).status).toBe(404)
  })

  it("lists the articles linked to a request type first when there are no words, within the caller's scope", async () => {
    const type = `kbtype_${tag}`
    // "Я…" sorts after the city pack's titles: only the link can bring it to the top
    await editor.post('/api/v1/records/kb_article', { title: `Ями на дорогах ${tag}`, body: '<p>Як описати яму.</p>', audience: 'both', request_types: [type] })
    await editor.post('/api/v1/records/kb_article', { title: `Ящик для операторів ${tag}`, body: '<p>Внутрішнє.</p>', audience: 'operators', request_types: [type] })
    const forOperator = await operator.get(`/api/v1/actions/kb.search?request_type=${type}&limit=5`)
    expect(forOperator.status).toBe(200)
    expect(
      forOperator.body.data
        .slice(0, 2)
        .map((a: any) => a.title)
        .sort()
    ).toEqual([`Ями на дорогах ${tag}`, `Ящик для операторів ${tag}`])
    const forResident = await resident.get(`/api/v1/actions/kb.search?request_type=${type}&limit=5`)
    expect(forResident.body.data[0].title).toBe(`Ями на дорогах ${tag}`)
    expect(forResident.body.data.map((a: any) => a.title)).not.toContain(`Ящик для операторів ${tag}`)
  })
})
