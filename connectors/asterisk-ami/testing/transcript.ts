import { readFileSync, readdirSync } from 'node:fs'
import { parseMessage, type AmiMessage } from '../ami_protocol.js'

const DIR = new URL('./transcripts/', import.meta.url)

/** A transcript's marker line `;; drop`: where a spec may cut the TCP session. */
export const DROP = Symbol('drop')
export type TranscriptItem = AmiMessage | typeof DROP

export const transcriptNames = () =>
  readdirSync(DIR)
    .filter((f) => f.endsWith('.ami'))
    .map((f) => f.replace(/\.ami$/, ''))

/**
 * A recorded stream (`transcripts/<name>.ami`: messages as on the wire, blank-line separated,
 * `;` comment lines) with its placeholders filled: `{id}` (the Uniqueid base; give each call its
 * own), `{caller}`, `{agent}` (default 101).
 */
export function loadTranscript(name: string, vars: { id?: string; caller?: string; agent?: string } = {}): TranscriptItem[] {
  const values: Record<string, string> = { id: String(Math.floor(Date.now() / 1000)), caller: '+380671234567', agent: '101', ...vars }
  const text = readFileSync(new URL(`${name}.ami`, DIR), 'utf8').replace(/\{(id|caller|agent)\}/g, (_, k: string) => values[k])
  const items: TranscriptItem[] = []
  for (const block of text.split(/\r?\n\r?\n/)) {
    const lines = block.split(/\r?\n/).filter((l) => l.trim())
    if (lines.some((l) => l.trim() === ';; drop')) items.push(DROP)
    const body = lines.filter((l) => !l.startsWith(';')).join('\r\n')
    if (body) items.push(parseMessage(body))
  }
  return items
}

/** Only the messages (markers dropped). */
export const messagesOf = (items: TranscriptItem[]) => items.filter((x): x is AmiMessage => x !== DROP)

/**
 * The stream reordered as Asterisk may report it: the caller's Hangup ahead of the answer events
 * (DialEnd, BridgeEnter, AgentConnect) that precede it in the transcript.
 */
export function hangupBeforeAnswer(items: TranscriptItem[]): TranscriptItem[] {
  const isCallerHangup = (x: TranscriptItem) => x !== DROP && x.Event === 'Hangup' && x.Uniqueid === x.Linkedid
  const hangup = items.find(isCallerHangup)
  const first = items.findIndex((x) => x !== DROP && x.Event === 'DialEnd')
  if (!hangup || first < 0) return items
  const rest = items.filter((x) => x !== hangup)
  rest.splice(first, 0, hangup)
  return rest
}
