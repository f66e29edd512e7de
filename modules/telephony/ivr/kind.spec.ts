import { join } from 'node:path'
import { loadFiles } from '#core/metadata/loader'
import { kindNames } from '#core/metadata/kinds/index'
import { checkSet } from '#core/metadata/validate'
import { loadModules } from '#core/modules/loader'

const root = process.cwd()
await loadModules({ root, city: 'vyshhorod', extraModules: [join(root, 'tests/fixtures/work_orders')] })

/** The `ivr` kind: its meta-schema and semantic check report JSON pointers. */
describe('ivr kind', () => {
  const base = loadFiles({ root, city: 'vyshhorod' }, kindNames())
  const check = (doc: Record<string, unknown>) => checkSet(base.with({ 'ivr/spec_line': { kind: 'ivr', key: 'spec_line', label: { uk: 'Т' }, ...doc } }))
  const valid = {
    start: 'main',
    operatorQueue: 'operators',
    prompts: { invalid: { uk: 'Немає такого пункту.' } },
    menus: { main: { prompt: { uk: 'Меню.' }, options: [{ digit: '0', service: 'operator' }] } },
  }

  it('ships the city line, valid', () => {
    expect(base.get('ivr', 'city_line')).toBeDefined()
    expect(checkSet(base).filter((p) => p.kind === 'ivr')).toEqual([])
    expect(check(valid)).toEqual([])
  })

  it('refuses a malformed menu at the member', () => {
    const problems = check({
      ...valid,
      prompts: {},
      menus: {
        main: {
          prompt: { en: 'Menu', file: '../etc/passwd' },
          options: [
            { digit: '12', service: 'operator' },
            { digit: '1', service: 'fax' },
          ],
        },
      },
    })
    const pointers = problems.map((p) => p.pointer)
    for (const p of ['/prompts/invalid', '/menus/main/prompt/uk', '/menus/main/prompt/file', '/menus/main/options/0/digit', '/menus/main/options/1/service'])
      expect(pointers).withContext(p).toContain(p)
  })

  it('finds unresolved gotos, a repeated digit, unknown categories, unreachable menus and a missing service prompt', () => {
    const problems = check({
      ...valid,
      start: 'main',
      menus: {
        main: {
          prompt: { uk: 'Меню.' },
          options: [
            { digit: '1', goto: 'nowhere' },
            { digit: '1', queue: 'water', category: 'water' },
            { digit: '2', queue: 'x', category: 'weather' },
            { digit: '3', service: 'request_status' },
          ],
        },
        orphan: { prompt: { uk: 'Сирота.' }, options: [{ digit: '9', goto: 'main' }] },
      },
    })
    expect(problems.map((p) => `${p.key}${p.pointer}`).sort()).toEqual([
      'spec_line/menus/main/options/0/goto',
      'spec_line/menus/main/options/1/digit',
      'spec_line/menus/main/options/2/category',
      'spec_line/menus/main/options/3/service',
      'spec_line/menus/orphan',
    ])
  })

  it('refuses a missing start menu and menus that only loop', () => {
    expect(check({ ...valid, start: 'ghost' }).map((p) => p.pointer)).toEqual(['/start'])
    const loop = check({
      ...valid,
      menus: { main: { prompt: { uk: 'А.' }, options: [{ digit: '1', goto: 'b' }] }, b: { prompt: { uk: 'Б.' }, options: [{ digit: '1', goto: 'main' }] } },
    })
    expect(loop.map((p) => p.pointer)).toEqual(['/menus'])
  })
})
