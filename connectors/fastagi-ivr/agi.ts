import type { Socket } from 'node:net'

/** One AGI reply: `200 result=1 (data) endpos=123`, `510 Invalid or unknown command`, `511 …` (dead channel). */
export interface AgiReply {
  code: number
  /** The number after `result=`; NaN when there is none. */
  result: number
  /** `result=` as written: GET DATA's digits (`''` after silence). */
  value: string
  /** The text in parentheses: `timeout`, `dtmf`... */
  data?: string
  line: string
}

const MAX_HEADER_LINES = 100
const MAX_LINE = 8192

/** `200 result=-1 (hangup)` → its parts. */
export function parseReply(line: string): AgiReply {
  const m = /^(\d{3})[ -](?:result=(\S*))?\s*(?:\(([^)]*)\))?/.exec(line)
  if (!m) return { code: 0, result: NaN, value: '', line }
  const value = m[2] ?? ''
  return { code: Number(m[1]), result: value === '' ? NaN : Number(value), value, data: m[3], line }
}

/** An argument in double quotes, as Asterisk's AGI parser reads it (one line, `"` and `\` escaped). */
export function quote(text: string): string {
  return `"${text.replace(/[\r\n]+/g, ' ').replace(/[\\"]/g, (c) => `\\${c}`)}"`
}

/**
 * The Asterisk side of one FastAGI connection, as lines: the `agi_*: value` block ended by a
 * blank line, then one reply per command (a `520-` usage block ends with its `520 ` line). A
 * `HANGUP` line (the caller hung up; Asterisk sends it unless AGISIGHUP=no) is noted, not a reply.
 */
export class AgiChannel {
  hungUp = false
  closed = false
  #buffer = ''
  #lines: string[] = []
  #waiting?: (line: string | null) => void

  constructor(private socket: Socket) {
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk
      let i
      while ((i = this.#buffer.indexOf('\n')) >= 0) {
        this.#push(this.#buffer.slice(0, i).replace(/\r$/, ''))
        this.#buffer = this.#buffer.slice(i + 1)
      }
      if (this.#buffer.length > MAX_LINE) socket.destroy(new Error('AGI line too long'))
    })
    const end = () => {
      this.closed = true
      this.#waiting?.(null)
      this.#waiting = undefined
    }
    socket.on('close', end)
    socket.on('error', end)
  }

  #push(line: string) {
    if (line === 'HANGUP') {
      this.hungUp = true
      return
    }
    if (this.#waiting) {
      const w = this.#waiting
      this.#waiting = undefined
      w(line)
    } else this.#lines.push(line)
  }

  /** The next line, or null once the connection is closed. */
  #line(): Promise<string | null> {
    if (this.#lines.length) return Promise.resolve(this.#lines.shift()!)
    if (this.closed) return Promise.resolve(null)
    return new Promise((resolve) => (this.#waiting = resolve))
  }

  /** The `agi_*` variables of the call (agi_network_script, agi_callerid, agi_uniqueid...). */
  async headers(): Promise<Record<string, string>> {
    const out: Record<string, string> = {}
    for (let n = 0; n < MAX_HEADER_LINES; n++) {
      const line = await this.#line()
      if (line === null) throw new Error('connection closed in the AGI header')
      if (line === '') return out
      const colon = line.indexOf(':')
      if (colon > 0) out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim()
    }
    throw new Error('AGI header too long')
  }

  /** Sends one command and reads its reply; null when the connection closed. */
  async command(command: string): Promise<AgiReply | null> {
    if (this.closed) return null
    this.socket.write(`${command}\n`)
    let line = await this.#line()
    // a usage block: `520-Invalid command syntax.  Proper usage follows:` … `520 End of proper usage.`
    while (line !== null && /^\d{3}-/.test(line)) {
      const code = line.slice(0, 3)
      do line = await this.#line()
      while (line !== null && !line.startsWith(`${code} `))
    }
    return line === null ? null : parseReply(line)
  }

  close() {
    this.socket.end()
  }
}
