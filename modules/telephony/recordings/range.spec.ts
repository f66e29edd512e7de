import { parseRange } from './range.js'

describe('recordings: Range header', () => {
  const cases: Array<[string | undefined, number, ReturnType<typeof parseRange>]> = [
    [undefined, 100, { whole: true }],
    ['items=0-1', 100, { whole: true }],
    ['bytes=0-9,20-29', 100, { whole: true }],
    ['bytes=0-', 100, { start: 0, end: 99 }],
    ['bytes=10-19', 100, { start: 10, end: 19 }],
    ['bytes=90-500', 100, { start: 90, end: 99 }],
    ['bytes=-10', 100, { start: 90, end: 99 }],
    ['bytes=-500', 100, { start: 0, end: 99 }],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=20-10', 100, 'unsatisfiable'],
    ['bytes=-', 100, 'unsatisfiable'],
    ['bytes=-0', 100, 'unsatisfiable'],
    ['bytes=a-b', 100, 'unsatisfiable'],
    ['bytes=0-', 0, 'unsatisfiable'],
  ]
  for (const [header, size, want] of cases) {
    it(`${header ?? '(none)'} of ${size} bytes`, () => expect(parseRange(header, size)).toEqual(want))
  }
})
