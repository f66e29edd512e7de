import { dependencyOrder, ModuleLoadError, type FoundModule } from './loader.js'

const m = (key: string, dependsOn: string[] = []): FoundModule => ({ key, folder: `/m/${key}`, definition: { key, dependsOn } })
const keys = (list: FoundModule[]) => list.map((x) => x.key)

/** Modules install after the modules they depend on; a missing dependency or a cycle stops the boot. */
describe('module dependency order', () => {
  it('puts dependencies first (in the order a module names them) and keeps folder order otherwise', () => {
    expect(keys(dependencyOrder([m('a'), m('telephony', ['servicedesk', 'contacts']), m('contacts'), m('servicedesk', ['objects']), m('objects')]))).toEqual([
      'a',
      'objects',
      'servicedesk',
      'contacts',
      'telephony',
    ])
  })

  it('refuses a dependency that is not installed, naming both', () => {
    expect(() => dependencyOrder([m('telephony', ['servicedesk'])])).toThrowMatching(
      (e) => e instanceof ModuleLoadError && /"telephony" depends on "servicedesk", which is not installed/.test(e.message)
    )
  })

  it('refuses a cycle, showing it', () => {
    expect(() => dependencyOrder([m('a', ['b']), m('b', ['c']), m('c', ['a'])])).toThrowMatching((e) => e instanceof ModuleLoadError && e.message.includes('a → b → c → a'))
  })

  it('refuses two modules with one key', () => {
    expect(() => dependencyOrder([m('a'), { ...m('a'), folder: '/other/a' }])).toThrowMatching((e) => e instanceof ModuleLoadError && /used by both/.test(e.message))
  })
})
