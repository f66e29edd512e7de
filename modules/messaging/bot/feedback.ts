/**
 * The resident's feedback on a resolved request, from the buttons under the resolution notice:
 * `fb:<ticket id>:<1-5>` and `fb:<ticket id>:unsolved`. Each is the workflow's own feedback
 * transition, found by what it asks for (not by name): a rating → the transition from the
 * current state that takes `feedback_rating` into a closed state (`confirm`); "not solved" →
 * the one that takes `feedback_comment` back into an open state (`reopen`). Made as the
 * resident (their own requests only); then an optional comment is asked and saved.
 */
import { Problem } from '#core/errors/problem'
import { get } from '#core/records/read'
import { update } from '#core/records/write'
import { applyTransition } from '#core/workflow/engine'
import type { WorkflowDoc } from '#core/shared/metadata'
import { residentOp } from './actors.js'
import { MENU_BUTTON, type Ctx } from './context.js'
import { reset } from './state.js'
import { workflowOf } from './ticket_facts.js'

const ACTION = /^fb:([0-9a-f-]{36}):([1-5]|unsolved)$/i

/** The feedback transitions from a state: to a closed state with a rating, back to work with a comment. */
export function feedbackTransitions(wf: WorkflowDoc, state: string): { solved?: string; unsolved?: string } {
  const out: { solved?: string; unsolved?: string } = {}
  for (const [key, t] of Object.entries(wf.transitions)) {
    if (!t.from.includes(state)) continue
    const category = wf.states[t.to]?.category
    if (!out.solved && t.fields?.includes('feedback_rating') && category === 'closed') out.solved = key
    if (!out.unsolved && t.fields?.includes('feedback_comment') && (category === 'open' || category === 'new')) out.unsolved = key
  }
  return out
}

export const isFeedbackAction = (action: string | undefined) => !!action && ACTION.test(action)

export async function onFeedbackAction(ctx: Ctx) {
  const [, id, value] = ACTION.exec(ctx.input.action!)!
  if (!ctx.contactId) return ctx.send(ctx.t('fb_not_possible'), MENU_BUTTON(ctx))
  const op = await residentOp(ctx.turn.instance, ctx.contactId, ctx.lang)
  try {
    const ticket = (await get(op, 'ticket', id, { fields: ['id', 'number', 'status', 'request_type'] })).data
    const wf = workflowOf(op.set, ticket)
    const ways = wf ? feedbackTransitions(wf, String(ticket.status)) : {}
    const unsolved = value === 'unsolved'
    const key = unsolved ? ways.unsolved : ways.solved
    if (!key) return await ctx.send(ctx.t('fb_not_possible'), MENU_BUTTON(ctx))
    await applyTransition(op, 'ticket', id, key, unsolved ? { feedback_comment: ctx.t('fb_unsolved_note') } : { feedback_rating: Number(value) })
    await ctx.io.linkTicket(id)
    ctx.conv.flow = 'feedback'
    ctx.conv.step = 'comment'
    ctx.conv.data = { contactId: ctx.contactId, ticket: id, after: unsolved ? 'unsolved' : 'rated' }
    const skip = [[{ label: ctx.t('skip'), action: 'skip' }]]
    return await ctx.send(unsolved ? ctx.t('fb_reopened', { number: String(ticket.number) }) : ctx.t('fb_thanks'), skip)
  } catch (error) {
    if (!(error instanceof Problem)) throw error
    return ctx.send(ctx.t('fb_not_possible'), MENU_BUTTON(ctx))
  }
}

/** The optional comment after a rating or a "not solved". */
export async function feedbackTurn(ctx: Ctx) {
  const { ticket, after } = ctx.conv.data
  const text = ctx.input.text?.trim()
  reset(ctx.conv)
  if (text && ctx.input.action !== 'skip' && ticket && ctx.contactId) {
    const op = await residentOp(ctx.turn.instance, ctx.contactId, ctx.lang)
    const comment = after === 'unsolved' ? `${ctx.t('fb_unsolved_note')}\n${text}` : text
    await update(op, 'ticket', ticket, { feedback_comment: comment.slice(0, 4000) })
    await ctx.io.linkTicket(ticket)
  }
  return ctx.send(ctx.t('fb_saved'), MENU_BUTTON(ctx))
}
