import type { IvrDoc, IvrLookup, IvrMenu, IvrReply, IvrState, Prompt } from './types.js'

/**
 * The IVR's pure step: from the menu document, where the call is (`state`, null when it has
 * just arrived) and the digits the caller pressed (`''` = silence, the PBX's timeout), what the
 * PBX says and does next. No I/O: a self-service choice comes back as an `IvrLookup` for
 * `run.ts`, which reads the records and hands the answer to `afterLookup`.
 *
 * - arrival → the start menu's prompt, gather one digit;
 * - a digit of an option → `goto`: that menu's prompt; `queue`: the `transfer` phrase, dial
 *   it (with its category); `operator`: dial `operatorQueue`; `outage_at_address`: a lookup;
 *   `request_status`: its prompt, gather up to `maxDigits` ended by `#`;
 * - digits after the request_status prompt → a lookup (digits may be empty: the caller's own);
 * - a digit no option has, or silence → `invalid` (or `noInput`) and the menu again, counting
 *   a try; past `retries` tries → `onExhausted`: dial the operator (default), or goodbye and hang up.
 */
export function step(doc: IvrDoc, state: IvrState | null, digits: string): IvrReply | IvrLookup {
  if (!state || !doc.menus[state.menu]) return prompt(doc, doc.start, 0)
  if (state.awaiting === 'request_status') return { lookup: { service: 'request_status', digits: digits.replace(/[^0-9]/g, '') }, state: { menu: state.menu, tries: 0 } }
  const menu = doc.menus[state.menu]
  const option = digits ? menu.options.find((o) => o.digit === digits[0]) : undefined
  if (!option) return retry(doc, state, digits ? doc.prompts.invalid : (doc.prompts.noInput ?? doc.prompts.invalid))
  if (option.goto) return prompt(doc, option.goto, 0)
  if (option.queue) return dial(doc, state, option.queue, option.category)
  if (option.service === 'operator') return dial(doc, state, doc.operatorQueue)
  if (option.service === 'outage_at_address') return { lookup: { service: 'outage_at_address' }, state: { menu: state.menu, tries: 0 } }
  const service = doc.services!.request_status!
  return {
    say: [service.prompt],
    then: { gather: { maxDigits: service.maxDigits ?? 12, timeoutSeconds: timeoutOf(doc, menu) * 2, terminator: '#' } },
    state: { menu: state.menu, tries: 0, awaiting: 'request_status' },
  }
}

/** After a self-service answer: say it, then the menu the caller chose it in again. */
export function afterLookup(doc: IvrDoc, state: IvrState, answer: Prompt[]): IvrReply {
  const next = prompt(doc, state.menu, 0)
  return { ...next, say: [...answer, ...next.say] }
}

function timeoutOf(doc: IvrDoc, menu: IvrMenu) {
  return menu.timeoutSeconds ?? doc.timeoutSeconds ?? 5
}

function prompt(doc: IvrDoc, id: string, tries: number, before: Prompt[] = []): IvrReply {
  const menu = doc.menus[id]
  return { say: [...before, menu.prompt], then: { gather: { maxDigits: 1, timeoutSeconds: timeoutOf(doc, menu) } }, state: { menu: id, tries } }
}

function dial(doc: IvrDoc, state: IvrState, queue: string, category?: string, before: Prompt[] = []): IvrReply {
  const say = [...before, ...(doc.prompts.transfer ? [doc.prompts.transfer] : [])]
  return { say, then: { dial: category ? { queue, category } : { queue } }, state: { menu: state.menu, tries: 0 } }
}

function retry(doc: IvrDoc, state: IvrState, why: Prompt): IvrReply {
  const menu = doc.menus[state.menu]
  const tries = state.tries + 1
  if (tries <= (menu.retries ?? doc.retries ?? 3)) return prompt(doc, state.menu, tries, [why])
  if ((doc.onExhausted ?? 'operator') === 'operator') return dial(doc, state, doc.operatorQueue, undefined, [why])
  return { say: [why, ...(doc.prompts.goodbye ? [doc.prompts.goodbye] : [])], then: { hangup: true }, state: { menu: state.menu, tries } }
}
