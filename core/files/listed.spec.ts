import type { FieldDef } from '#core/shared/metadata'
import { fileListMembers, listedFiles } from './listed.js'

/** Which json fields list files, and which ids a value lists (core/files/listed.ts). */
describe('files listed in a json field', () => {
  const list = (file: Record<string, unknown>) => ({ type: 'json', schema: { type: 'array', items: { type: 'object', properties: { file, name: { type: 'string' } } } } }) as unknown as FieldDef

  it('finds the members marked x-file, and only in json fields', () => {
    for (const [field, members] of [
      [list({ type: 'string', 'x-file': true }), ['file']],
      [list({ type: 'string' }), []],
      [list({ type: 'string', 'x-file': 'yes' }), []],
      [{ type: 'json' } as FieldDef, []],
      [{ type: 'file' } as FieldDef, []],
      [{ ...list({ type: 'string', 'x-file': true }), type: 'text' } as FieldDef, []],
    ] as const)
      expect(fileListMembers(field)).toEqual([...members])
  })

  it('lists the ids of the items, with their pointers, skipping what is not an id', () => {
    expect(listedFiles([{ file: 'a', name: 'x' }, { name: 'no file' }, null, { file: 7 }, { file: 'b' }], ['file'])).toEqual([
      { at: '0/file', id: 'a' },
      { at: '4/file', id: 'b' },
    ])
    expect(listedFiles({ file: 'a' }, ['file'])).toEqual([])
    expect(listedFiles([{ file: 'a' }], [])).toEqual([])
  })
})
