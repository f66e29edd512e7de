/**
 * The part of the untyped `smpp` package (v0.5.1, node-smpp) this connector and its SMSC
 * emulator use: sessions (client and server side), PDUs and the SMPP error codes. CommonJS:
 * import it as `import smpp from 'smpp'`.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events'
  import type { Server as NetServer, Socket } from 'node:net'

  namespace smpp {
    /** A decoded PDU: header fields, the command's parameters and TLVs by name. */
    interface PDU {
      command: string
      command_id: number
      command_status: number
      sequence_number: number
      isResponse(): boolean
      response(options?: Record<string, unknown>): PDU
      [param: string]: any
    }

    const PDU: { new (command: string, options?: Record<string, unknown>): PDU }

    class Session extends EventEmitter {
      socket: Socket
      server?: Server
      send(pdu: PDU, onResponse?: (pdu: PDU) => void, onSent?: (pdu: PDU) => void): boolean
      close(callback?: () => void): void
      destroy(callback?: () => void): void
    }

    class Server extends NetServer {
      sessions: Session[]
    }

    function connect(options: { host: string; port: number; [option: string]: unknown }, onConnect?: () => void): Session
    function createServer(options: Record<string, unknown>, onSession?: (session: Session) => void): Server
    const errors: Record<string, number>
  }
  export = smpp
}
