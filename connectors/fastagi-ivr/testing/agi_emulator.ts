import { connect, type Socket } from 'node:net'

/**
 * Asterisk's side of a FastAGI call, for specs: connects to the server, sends the `agi_*`
 * header block, then answers each command as Asterisk 18/20 does (`200 result=…`). The caller's
 * keypresses are a queue: GET DATA takes the next entry up to `#` (not returned) or its maximum,
 * STREAM FILE is heard to its end; with no keypress left the caller hangs up (`HANGUP`, then
 * `200 result=-1`). Records every command, the VIKNO_SAY texts and the variables set.
 */
export class AgiCallerEmulator {
  commands: string[] = []
  said: string[] = []
  variables: Record<string, string> = {}
  hungUp = false

  constructor(
    private headers: Record<string, string>,
    private keys: string[]
  ) {}

  /** Plays the call to its end; resolves with the emulator once the server closes the connection. */
  call(port: number, host = '127.0.0.1'): Promise<this> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host)
      socket.setEncoding('utf8')
      let buffer = ''
      socket.on('connect', () => {
        const block = Object.entries(this.headers).map(([k, v]) => `${k}: ${v}\n`)
        socket.write(block.join('') + '\n')
      })
      socket.on('data', (chunk: string) => {
        buffer += chunk
        let i
        while ((i = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, i).replace(/\r$/, '')
          buffer = buffer.slice(i + 1)
          if (line) this.#answer(socket, line)
        }
      })
      socket.on('error', reject)
      socket.on('close', () => resolve(this))
    })
  }

  #answer(socket: Socket, command: string) {
    this.commands.push(command)
    const reply = (line: string) => !socket.destroyed && socket.write(`${line}\n`)
    if (this.hungUp) return reply('511 Command Not Permitted on a dead channel or intercept routine')
    const [verb, second] = command.split(' ')
    const name = second && ['SET', 'STREAM', 'GET', 'SAY', 'DATABASE', 'CHANNEL'].includes(verb) ? `${verb} ${second}` : verb
    switch (name) {
      case 'ANSWER':
        return reply('200 result=0')
      case 'VERBOSE':
        return reply('200 result=1')
      case 'SET VARIABLE': {
        const m = /^SET VARIABLE (\S+) "((?:[^"\\]|\\.)*)"$/.exec(command)
        if (!m) return reply('520-Invalid command syntax.  Proper usage follows:\nUsage: SET VARIABLE <variablename> <value>\n520 End of proper usage.')
        const value = m[2].replace(/\\(.)/g, '$1')
        this.variables[m[1]] = value
        if (m[1] === 'VIKNO_SAY') this.said.push(value)
        return reply('200 result=1')
      }
      case 'STREAM FILE':
        return reply('200 result=0 endpos=8000')
      case 'GET DATA': {
        const max = Number(command.split(' ')[4] ?? 1024)
        const next = this.keys.shift()
        if (next === undefined) {
          this.hungUp = true
          reply('HANGUP')
          return reply('200 result=-1')
        }
        const typed = next.split('#')[0].slice(0, max)
        return reply(`200 result=${typed}`)
      }
      case 'HANGUP':
        this.hungUp = true
        return reply('200 result=1')
      default:
        return reply('510 Invalid or unknown command')
    }
  }
}
