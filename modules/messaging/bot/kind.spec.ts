import { join } from 'node:path'
import { loadFiles } from '#core/metadata/loader'
import { kindNames } from '#core/metadata/kinds/index'
import { checkSet } from '#core/metadata/validate'
import { loadModules } from '#core/modules/loader'

const root = process.cwd()
await loadModules({ root, city: 'vyshhorod', extraModules: [join(root, 'tests/fixtures/work_orders')] })

/** The `bot` kind: its meta-schema and semantic check report JSON pointers. */
describe('bot kind', () => {
  const base = loadFiles({ root, city: 'vyshhorod' }, kindNames())
  const check = (doc: Record<string, unknown>) => checkSet(base.with({ 'bot/spec_bot': { kind: 'bot', key: 'spec_bot', label: { uk: 'Т' }, ...doc } })).filter((p) => p.key === 'spec_bot')
  const valid = {
    connectors: ['spec_channel'],
    greeting: { uk: 'Вітаємо' },
    menu: [{ item: 'register', label: { uk: 'Звернення' } }],
    requestTypes: { channels: ['bot'] },
    confirm: true,
  }
  const problemsOf = (doc: Record<string, unknown>) => check(doc).map((p) => `${p.pointer} ${p.message}`)

  it('ships the city bot, valid, on connectors not configured yet', () => {
    expect(base.get('bot', 'city_bot')).toBeDefined()
    expect(checkSet(base).filter((p) => p.kind === 'bot')).toEqual([])
    expect(problemsOf(valid)).toEqual([])
  })

  it('refuses a bad document at the member', () => {
    expect(problemsOf({ ...valid, confirm: false }).some((p) => p.startsWith('/confirm'))).toBeTrue()
    expect(problemsOf({ ...valid, menu: [{ item: 'weather', label: { uk: 'Погода' } }] }).some((p) => p.startsWith('/menu/0/item'))).toBeTrue()
    expect(problemsOf({ ...valid, menu: [valid.menu[0], valid.menu[0]] })).toContain('/menu/1/item "register" is already in the menu')
    expect(problemsOf({ ...valid, texts: { no_such_phrase: { uk: 'x' } } }).some((p) => p.startsWith('/texts/no_such_phrase no phrase'))).toBeTrue()
    expect(problemsOf({ ...valid, texts: { registered: { uk: 'Ваш номер {number}' } } })).toEqual([])
    expect(problemsOf({ ...valid, requestTypes: { channels: ['bot'], categories: ['astrology'] } })).toContain('/requestTypes/categories/0 no request type has category "astrology"')
  })

  it('refuses a connector that is not a messaging channel, and one another bot answers on', () => {
    expect(problemsOf({ ...valid, connectors: ['city_pbx'] })).toContain('/connectors/0 connector "city_pbx" (type asterisk-ami) does not receive messages')
    expect(problemsOf({ ...valid, connectors: ['city_telegram'] })).toContain('/connectors/0 connector "city_telegram" is already answered by bot "city_bot"')
  })
})
