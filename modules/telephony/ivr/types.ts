import type { Label, MetaDocument } from '#core/shared/metadata'

/** What the caller hears: Ukrainian text (a TTS speaks it once there is one) and/or a PBX sound file. */
export interface Prompt {
  uk: string
  en?: string
  /** A sound of the PBX (Asterisk: a name under its sounds folder, no extension). */
  file?: string
}

export type IvrService = 'request_status' | 'outage_at_address' | 'operator'

export interface IvrOption {
  digit: string
  label?: Label
  goto?: string
  queue?: string
  category?: string
  service?: IvrService
}

export interface IvrMenu {
  label?: Label
  prompt: Prompt
  timeoutSeconds?: number
  retries?: number
  options: IvrOption[]
}

/** `<key>.ivr.json` (modules/telephony/schemas/ivr.schema.json). */
export interface IvrDoc extends MetaDocument {
  kind: 'ivr'
  label: Label
  start: string
  operatorQueue: string
  prompts: { invalid: Prompt; noInput?: Prompt; goodbye?: Prompt; transfer?: Prompt }
  services?: { request_status?: { prompt: Prompt; maxDigits?: number } }
  timeoutSeconds?: number
  retries?: number
  onExhausted?: 'operator' | 'hangup'
  menus: Record<string, IvrMenu>
}

/** Where a call is in its menu tree: all the engine needs for the next step (kept by the PBX side). */
export interface IvrState {
  /** The menu the caller is in. */
  menu: string
  /** Invalid or missing inputs in this menu so far. */
  tries: number
  /** The caller chose a service that waits for digits (the request's number). */
  awaiting?: 'request_status'
}

/** What the PBX does after saying the prompts. */
export type IvrThen = { gather: { maxDigits: number; timeoutSeconds: number; terminator?: '#' } } | { dial: { queue: string; category?: string } } | { hangup: true }

/** One step of a call: say these prompts, then do `then`; the next input comes with `state`. */
export interface IvrReply {
  say: Prompt[]
  then: IvrThen
  state: IvrState
}

/** A self-service question the engine cannot answer by itself (it reads records). */
export interface IvrLookup {
  lookup: { service: 'request_status'; digits: string } | { service: 'outage_at_address' }
  state: IvrState
}
