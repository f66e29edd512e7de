import { matches } from '../core/ui/src/form/conditions.js'

describe('form conditions (the filter language on typed values)', () => {
  it('matches own-field conditions with and/or/not', () => {
    const data = { priority: 'emergency', floor: '3', note: 'Вода в підвалі', tags: [] as string[] }
    expect(matches({ priority: { eq: 'emergency' } }, data)).toBeTrue()
    expect(matches({ priority: { in: ['low', 'normal'] } }, data)).toBeFalse()
    expect(matches({ and: [{ floor: { gte: 2 } }, { floor: { lt: 5 } }] }, data)).toBeTrue()
    expect(matches({ or: [{ floor: { gt: 10 } }, { note: { contains: 'підвал' } }] }, data)).toBeTrue()
    expect(matches({ not: { note: { isNull: true } } }, data)).toBeTrue()
    expect(matches({ tags: { isNull: true } }, data)).toBeTrue()
    expect(matches({ missing: { ne: 'x' } }, data)).toBeTrue()
    expect(matches({ floor: { between: [1, 2] } }, data)).toBeFalse()
  })

  it('treats user variables as unknown (false) and no condition as true', () => {
    expect(matches({ owner: { eq: '$user.id' } }, { owner: 'a' })).toBeFalse()
    expect(matches(undefined, {})).toBeTrue()
  })
})
