import { testApp } from '#core/testing/app'
import { userClient, ApiClient } from '#core/testing/client'

/**
 * Records search as operators type it, in both database modes (run once with
 * TEST_DATABASE_URL and once without): relevance first, street-type abbreviations, house
 * numbers with letters and slashes, inflected Ukrainian.
 */
describe('records search: what people type', () => {
  let admin: ApiClient
  const ids: Record<string, string> = {}

  const create = async (ref: string, name: string, level: string, parent?: string) => {
    const res = await admin.post('/api/v1/records/object', { name, level, parent: parent ? ids[parent] : null })
    expect(res.status).withContext(res.text).toBe(201)
    ids[ref] = res.body.data.id
  }
  const search = async (q: string, extra = '&limit=100') => {
    const res = await admin.get(`/api/v1/records/object?q=${encodeURIComponent(q)}${extra}`)
    expect(res.status).withContext(res.text).toBe(200)
    return res.body
  }
  const paths = async (q: string) => (await search(q)).data.map((r: any) => r.path as string)

  beforeAll(async () => {
    admin = await userClient((await testApp()).url, ['admin'])
    // building 12 on Київська is created first: newest-first order would put it last
    await create('kyivska', 'вул. Київська', 'street')
    await create('k12', '12', 'building', 'kyivska')
    await create('shevchenka', 'вулиця Симиренка', 'street')
    await create('peremohy', 'просп. Перемоги', 'street')
    await create('tykhyi', 'провулок Тихий', 'street')
    await create('k12a', '12-А', 'building', 'kyivska')
    await create('k12_1', '12/1', 'building', 'kyivska')
    await create('k120', '120', 'building', 'kyivska')
    await create('k2', '2', 'building', 'kyivska')
    await create('p3', '3/1', 'building', 'peremohy')
    await create('t5', '5а', 'building', 'tykhyi')
    await create('s3', '3', 'building', 'shevchenka')
    await create('s12', '12', 'building', 'shevchenka')
    for (const n of [5, 12, 18]) {
      await create(`a12_${n}`, `кв. ${n}`, 'apartment', 'k12')
      await create(`a2_${n}`, `кв. ${n}`, 'apartment', 'k2')
      await create(`s3_${n}`, `кв. ${n}`, 'apartment', 's3')
    }
  }, 180_000) // ~25 records through the API on a busy machine

  it('ranks building 12 on Київська first for "Київська 12", before its apartments and other 12s', async () => {
    const found = await paths('Київська 12')
    expect(found[0]).toBe('вул. Київська, 12')
    const apartments = found.filter((p: string) => p.startsWith('вул. Київська, 12, кв.')).map((p: string) => found.indexOf(p))
    expect(apartments.length).toBe(3)
    expect(found.indexOf('вул. Київська, 2, кв. 12'))
      .withContext(found.join(' | '))
      .toBeGreaterThan(Math.max(...apartments))
    expect(found).not.toContain('вулиця Симиренка, 12')
  })

  it('treats street-type words and their abbreviations as one word, in any form', async () => {
    for (const q of ['вулиця Київська 12', 'вул Київська 12', 'вул. Київській 12', 'вулиці Київська, буд. 12']) {
      expect((await paths(q))[0])
        .withContext(q)
        .toBe('вул. Київська, 12')
    }
    expect((await paths('вул. Симиренка 12'))[0]).toBe('вулиця Симиренка, 12')
    expect((await paths('проспект Перемоги 3/1'))[0]).toBe('просп. Перемоги, 3/1')
    expect((await paths('пров. Тихий 5 а'))[0]).toBe('провулок Тихий, 5а')
    expect((await paths('Київська 12 кв 18'))[0]).toBe('вул. Київська, 12, кв. 18')
    expect((await paths('Київська 12 квартира 18'))[0]).toBe('вул. Київська, 12, кв. 18')
  })

  it('matches house numbers with letters and slashes however they are written', async () => {
    for (const q of ['Київська 12а', 'Київська 12 а', 'Київська 12-а', 'КИЇВСЬКА 12А'])
      expect((await paths(q))[0])
        .withContext(q)
        .toBe('вул. Київська, 12-А')
    expect((await paths('Київська 12/1'))[0]).toBe('вул. Київська, 12/1')
    expect((await paths('Тихий 5а'))[0]).toBe('провулок Тихий, 5а')
    expect((await paths('Тихий 5-А'))[0]).toBe('провулок Тихий, 5а')
  })

  it('finds inflected Ukrainian in both database modes', async () => {
    const res = await admin.post('/api/v1/records/counterparty', { name: 'Служба опалення міста', kind: 'contractor' })
    expect(res.status).withContext(res.text).toBe(201)
    const found = await admin.get(`/api/v1/records/counterparty?q=${encodeURIComponent('опаленням')}`)
    expect(found.body.data.map((r: any) => r.id)).toContain(res.body.data.id)
    expect((await paths('Київській')).slice(0, 1)).toEqual(['вул. Київська'])
  })

  it('pages through ranked results without losing or repeating rows', async () => {
    const all = await search('Київська')
    const seen: string[] = []
    let cursor = ''
    do {
      const page = await search('Київська', `&limit=4${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...page.data.map((r: any) => r.id))
      cursor = page.nextCursor ?? ''
    } while (cursor)
    expect(seen).toEqual(all.data.map((r: any) => r.id))
    expect(all.data[0].path).toBe('вул. Київська')
    expect(Object.keys(all.data[0])).not.toContain('search_rank')
  })
})
