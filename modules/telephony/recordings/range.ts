/**
 * One `Range: bytes=…` header against a resource of `size` bytes (RFC 9110 §14):
 * - `{ whole: true }`: no header, a unit other than bytes, or several ranges (served whole:
 *   a server may ignore Range, and players ask for one range);
 * - `{ start, end }`: the inclusive byte range to send with 206;
 * - `'unsatisfiable'`: a malformed bytes range, or one past the end → 416.
 */
export type RangeAnswer = { whole: true } | { whole?: false; start: number; end: number } | 'unsatisfiable'

export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (!header) return { whole: true }
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header)
  if (!m) return { whole: true }
  const specs = m[1]!.split(',').map((s) => s.trim())
  if (specs.length !== 1) return { whole: true }
  const one = /^(\d*)-(\d*)$/.exec(specs[0]!)
  if (!one || (one[1] === '' && one[2] === '')) return 'unsatisfiable'
  if (one[1] === '') {
    // a suffix: the last N bytes
    const n = Number(one[2])
    if (!n || !size) return 'unsatisfiable'
    return { start: Math.max(0, size - n), end: size - 1 }
  }
  const start = Number(one[1])
  const end = one[2] === '' ? size - 1 : Math.min(Number(one[2]), size - 1)
  if (start >= size || end < start) return 'unsatisfiable'
  return { start, end }
}
