import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { loadFiles, sourceFolders } from './loader.js'
import { kindNames } from './kinds/index.js'
import { checkSet } from './validate.js'
import { canonicalJson } from './export.js'
import { MetadataSet } from './set.js'
import { loadModules } from '#core/modules/loader'

const root = process.cwd()

// module code registers the kinds its metadata uses (modules/<name>/server.ts)
await loadModules({ root, city: 'vyshhorod', extraModules: [join(root, 'tests/fixtures/work_orders')] })

/** Every shipped metadata file (platform, modules, every city pack, test fixtures) is valid. */
describe('shipped metadata', () => {
  const roots = [
    { root, city: 'vyshhorod' },
    { root, city: 'vyshhorod', extraModules: [join(root, 'tests/fixtures/work_orders')] },
  ]

  for (const r of roots) {
    it(`validates against the meta-schemas and semantic checks (${r.extraModules ? 'with' : 'without'} test fixtures)`, () => {
      const set = loadFiles(r, kindNames())
      expect(set.docs.size).toBeGreaterThan(3)
      expect(checkSet(set)).toEqual([])
    })
  }

  it('is canonical, so an export writes every file back byte for byte', () => {
    const set = loadFiles(roots[1], kindNames())
    for (const [id, file] of set.sources) {
      expect(canonicalJson(set.docs.get(id)!))
        .withContext(file)
        .toBe(readFileSync(join(root, file), 'utf8'))
    }
  })

  it('declares $schema, kind and key in every file', () => {
    const set = loadFiles(roots[1], kindNames())
    for (const [id, doc] of set.docs) {
      expect(doc.$schema)
        .withContext(id)
        .toMatch(new RegExp(`schemas/${doc.kind}\\.schema\\.json$`))
      // the path resolves from the file to the kind's meta-schema, wherever its module keeps it
      const schemaFile = join(root, dirname(set.sources.get(id)!), String(doc.$schema))
      expect(existsSync(schemaFile))
        .withContext(`${set.sources.get(id)}: ${doc.$schema}`)
        .toBeTrue()
      if (existsSync(schemaFile))
        expect(JSON.parse(readFileSync(schemaFile, 'utf8')).$id)
          .withContext(id)
          .toMatch(new RegExp(`/${doc.kind}\\.schema\\.json$`))
    }
    expect(sourceFolders(roots[0])[0]).toBe(join(root, 'metadata'))
  })
})

describe('metadata checks', () => {
  const base = loadFiles({ root, city: 'vyshhorod' }, kindNames())
  const check = (changes: Record<string, any>) => checkSet(base.with(changes))

  it('points at the bad field of a document that breaks its meta-schema', () => {
    const problems = check({ 'entity/x': { kind: 'entity', key: 'x', label: { uk: 'Х' }, fields: { a: { type: 'string', maxLength: -1 } } } })
    expect(problems).toEqual([jasmine.objectContaining({ kind: 'entity', key: 'x', pointer: '/fields/a/maxLength' })])
  })

  it('finds unresolved references, unknown types, reserved names and bad defaults', () => {
    const problems = check({
      'entity/x': {
        kind: 'entity',
        key: 'x',
        label: { uk: 'Х' },
        display: 'nope',
        fields: {
          a: { type: 'reference', to: 'ghost' },
          b: { type: 'colour' },
          version: { type: 'integer' },
          c: { type: 'enum', options: ['one'], default: 'two' },
          d: { type: 'string', pattern: '(' },
        },
      },
    })
    expect(problems.map((p) => p.pointer).sort()).toEqual(['/display', '/fields/a/to', '/fields/b/type', '/fields/c/default', '/fields/d/pattern', '/fields/version'])
  })

  it('checks role scopes in the filter language and inheritance cycles', () => {
    const problems = check({
      'role/a': { kind: 'role', key: 'a', label: { uk: 'А' }, inherits: ['b'], permissions: { contact: { actions: ['read'], scope: { nosuch: { eq: 1 } } } } },
      'role/b': { kind: 'role', key: 'b', label: { uk: 'Б' }, inherits: ['a'] },
    })
    expect(problems.map((p) => `${p.key}${p.pointer}`).sort()).toEqual(['a/inherits', 'a/permissions/contact/scope/nosuch', 'b/inherits'])
  })

  it('checks forms and views against their entity', () => {
    const problems = check({
      'form/f': { kind: 'form', key: 'f', label: { uk: 'Ф' }, entity: 'contact', sections: [{ fields: ['full_name', 'ghost'] }] },
      'view/v': { kind: 'view', key: 'v', label: { uk: 'В' }, entity: 'contact', columns: ['full_name', 'phonee'], sort: [{ field: 'created_at', dir: 'desc' }] },
    })
    expect(problems.map((p) => `${p.key}${p.pointer}`).sort()).toEqual(['f/sections/0/fields/1', 'v/columns/1'])
  })

  it('checks workflows: states, transitions, roles, fields and action types', () => {
    const problems = check({
      'workflow/w': {
        kind: 'workflow',
        key: 'w',
        label: { uk: 'П' },
        entity: 'contact',
        field: 'full_name',
        initial: 'nope',
        states: { a: { label: { uk: 'А' }, category: 'new' } },
        transitions: {
          t: { from: ['a', 'ghost'], to: 'b', roles: ['nobody'], requiredFields: ['nosuch'], actions: [{ type: 'explode' }, { type: 'set' }] },
        },
      },
    })
    expect(problems.map((p) => p.pointer).sort()).toEqual([
      '/initial',
      '/states',
      '/transitions/t/actions/0/type',
      '/transitions/t/actions/1',
      '/transitions/t/from/1',
      '/transitions/t/requiredFields/0',
      '/transitions/t/roles/0',
      '/transitions/t/to',
    ])
  })

  it('checks that every state of a workflow is reachable and that one is final', () => {
    const problems = check({
      'workflow/w': {
        kind: 'workflow',
        key: 'w',
        label: { uk: 'П' },
        entity: 'ticket',
        field: 'status',
        initial: 'new',
        states: { new: { label: { uk: 'Н' }, category: 'new' }, open: { label: { uk: 'В' }, category: 'open' }, lost: { label: { uk: 'З' }, category: 'paused' } },
        transitions: { go: { from: ['new'], to: 'open' }, back: { from: ['lost'], to: 'new' } },
      },
    })
    expect(problems.map((p) => p.pointer).sort()).toEqual(['/states', '/states/lost'])
  })

  it('finds no problem in an empty change', () => {
    expect(checkSet(new MetadataSet(base.docs))).toEqual([])
  })
})
