/**
 * The Asterisk Manager Interface wire format. After the TCP connect the server sends one line,
 * the banner (`Asterisk Call Manager/9.0.0`); then both sides exchange messages: lines of
 * `Key: Value` ended by `\r\n`, a message ended by an empty line (`\r\n\r\n`). A client sends
 * actions (`Action: Ping`), the server answers with responses (`Response: Success`, carrying the
 * action's `ActionID`) and sends events (`Event: Hangup`) at any time.
 */

/** One AMI message. A key repeated in one message (`Variable`) keeps every value, joined by `\n`. */
export type AmiMessage = Record<string, string>

/** The banner's protocol version (`Asterisk Call Manager/5.0.1` → `5.0.1`), or undefined when the line is not a banner. */
export function bannerVersion(line: string): string | undefined {
  return /^Asterisk Call Manager\/([0-9][0-9.]*)\s*$/.exec(line)?.[1]
}

/** Parses one message's text (without its terminating blank line). Lines without `: ` go to `_lines`. */
export function parseMessage(text: string): AmiMessage {
  const message: AmiMessage = {}
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue
    const colon = line.indexOf(':')
    if (colon <= 0) {
      message._lines = message._lines === undefined ? line : `${message._lines}\n${line}`
      continue
    }
    const key = line.slice(0, colon).trim()
    const value = line.slice(colon + 1).replace(/^ /, '')
    message[key] = message[key] === undefined ? value : `${message[key]}\n${value}`
  }
  return message
}

/**
 * Splits a byte stream into the banner and messages; keeps a partial message until its end
 * arrives. A message bigger than `maxBytes` (a broken peer) is an error.
 */
export class AmiFramer {
  private buffer = ''
  private bannerSeen: boolean

  constructor(
    private readonly onMessage: (message: AmiMessage) => void,
    private readonly onBanner: (line: string) => void = () => {},
    options: { banner?: boolean; maxBytes?: number } = {}
  ) {
    this.bannerSeen = options.banner === false
    this.maxBytes = options.maxBytes ?? 1024 * 1024
  }

  private readonly maxBytes: number

  push(chunk: string) {
    this.buffer += chunk
    if (!this.bannerSeen) {
      const end = this.buffer.indexOf('\n')
      if (end < 0) return this.guard()
      this.bannerSeen = true
      this.onBanner(this.buffer.slice(0, end).replace(/\r$/, ''))
      this.buffer = this.buffer.slice(end + 1)
    }
    for (;;) {
      const match = /\r?\n\r?\n/.exec(this.buffer)
      if (!match) return this.guard()
      const text = this.buffer.slice(0, match.index)
      this.buffer = this.buffer.slice(match.index + match[0].length)
      if (text.trim()) this.onMessage(parseMessage(text))
    }
  }

  private guard() {
    if (this.buffer.length > this.maxBytes) throw new Error(`an AMI message longer than ${this.maxBytes} bytes`)
  }
}

/** A value may not break the framing: CR and LF become spaces. */
const clean = (value: string) => value.replace(/[\r\n]+/g, ' ')

/**
 * One message as bytes. An array value repeats its key (`Variable: a=1`, `Variable: b=2`).
 *
 * @example serialize({ Action: 'Ping', ActionID: 'v-1' }) // 'Action: Ping\r\nActionID: v-1\r\n\r\n'
 */
export function serialize(message: Record<string, string | number | boolean | string[] | undefined>): string {
  let out = ''
  for (const [key, value] of Object.entries(message)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) out += `${clean(key)}: ${clean(String(v))}\r\n`
  }
  return `${out}\r\n`
}
