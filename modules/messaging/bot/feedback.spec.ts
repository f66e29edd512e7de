import { engine } from '#core/engine/engine'
import { runDueJobsOnce } from '#core/jobs/index'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import type { OutboundMessage } from '../conversation.js'
import { NOTIFY_QUEUE, setTicketNotifier, ticketNotifier, type SendToContact } from './notify.js'
import { Chat, actionsOf, cityRecords, fileNoColdWater, textOf } from './testing/harness.js'

/**
 * After a dispatcher resolves a request filed in the bot, its resident is told (with the
 * resolution and the rating buttons), and their "not solved" reopens it through the workflow's
 * feedback transition; a rating closes it.
 */
describe('chatbot: notifications and feedback', () => {
  let refs: Record<string, string>
  let dispatcher: ApiClient
  let wired: SendToContact | undefined
  const told: Array<{ contact: string; message: OutboundMessage }> = []

  beforeAll(async () => {
    refs = await cityRecords()
    dispatcher = await userClient((await testApp()).url, ['contractor_dispatcher'], { counterparty: refs.vodokanal })
    wired = ticketNotifier()
    setTicketNotifier(async (contact, message) => {
      told.push({ contact, message })
    })
  })
  afterAll(() => setTicketNotifier(wired)) // the messaging module's own sender again

  const transition = async (id: string, key: string, body: Record<string, unknown> = {}) => {
    const res = await dispatcher.post(`/api/v1/records/ticket/${id}/transitions/${key}`, body)
    expect(res.status).withContext(res.text).toBe(200)
  }
  const drainJobs = async () => {
    for (let i = 0; i < 20 && (await runDueJobsOnce(engine.knex, 'spec')); i++);
  }
  const ticket = (id: string) => engine.knex('ticket').where({ id }).first()

  it('tells the resident of the state changes and the resolution; "not solved" reopens with their comment', async () => {
    const resident = refs.c_bondar
    const chat = new Chat(resident)
    const id = await fileNoColdWater(chat, refs.a_yevropeiska_5_17)
    await transition(id, 'start')
    await drainJobs()
    await transition(id, 'resolve', { resolution: 'Засувку на вводі відремонтовано' })
    await drainJobs()
    const mine = told.filter((t) => t.message.ticketId === id)
    expect(mine.map((t) => t.contact)).toEqual([resident, resident])
    expect(mine[0].message.text).toMatch(/Ваше звернення ВШГ-\d{4}-\d{6}: в роботі\./)
    expect(mine[1].message.text).toContain('вирішено: Засувку на вводі відремонтовано')
    expect(actionsOf([mine[1].message])).toEqual([1, 2, 3, 4, 5].map((n) => `fb:${id}:${n}`).concat(`fb:${id}:unsolved`))

    let out = await chat.press(`fb:${id}:unsolved`)
    expect(textOf(out)).toContain('повернуто в роботу')
    let row = await ticket(id)
    expect(row.status).toBe('in_progress')
    expect(row.feedback_solved).toBeFalse()
    expect(row.resolved_at).toBeNull()
    out = await chat.say('Вода так і не йде на кухні')
    expect(textOf(out)).toContain('відгук збережено')
    row = await ticket(id)
    expect(row.feedback_comment).toContain('Вода так і не йде на кухні')
    const audit = await engine.knex('sys_audit').where({ entity: 'ticket', record_id: id }).orderBy('id')
    expect(audit.some((a) => a.changes.$reason?.kind === 'transition' && a.changes.$reason.key === 'reopen')).toBeTrue()
    // the resident's own reopening is not echoed back to them
    await drainJobs()
    expect(told.filter((t) => t.message.ticketId === id).length).toBe(2)

    // resolved again, rated 5: closed, solved
    await transition(id, 'resolve', { resolution: 'Замінено ділянку труби' })
    await drainJobs()
    out = await chat.press(`fb:${id}:5`)
    expect(textOf(out)).toContain('Дякуємо за оцінку')
    await chat.press('skip')
    row = await ticket(id)
    expect(row.status).toBe('closed')
    expect(row.feedback_rating).toBe(5)
    expect(row.feedback_solved).toBeTrue()
  })

  it("refuses feedback on another resident's request, and on one that is not resolved", async () => {
    const owner = new Chat(refs.c_tkachenko)
    const id = await fileNoColdWater(owner, refs.a_kurhuzova_3_72)
    await transition(id, 'start')
    await transition(id, 'resolve', { resolution: 'Готово' })
    const stranger = new Chat(refs.c_melnyk)
    let out = await stranger.press(`fb:${id}:1`)
    expect(textOf(out)).toContain('зараз залишити не можна')
    expect((await ticket(id)).status).toBe('resolved')
    const other = await fileNoColdWater(owner, refs.a_kurhuzova_3_72)
    out = await owner.press(`fb:${other}:unsolved`)
    expect(textOf(out)).toContain('зараз залишити не можна')
    expect((await ticket(other)).status).toBe('new')
    expect((await ticket(other)).feedback_solved).toBeNull()
  })

  it('tells only the latest state when several changes wait (a stale one is dropped)', async () => {
    const chat = new Chat(refs.c_lytvynenko)
    const id = await fileNoColdWater(chat, refs.a_symonenka_1_12)
    await transition(id, 'start')
    await transition(id, 'resolve', { resolution: 'Відновлено' })
    expect(
      await engine
        .knex('sys_jobs')
        .where({ queue: NOTIFY_QUEUE })
        .whereRaw("payload->>'ticket' = ?", [id])
        .count({ n: '*' })
        .first()
        .then((r) => Number(r!.n))
    ).toBe(2)
    await drainJobs()
    expect(told.filter((t) => t.message.ticketId === id).map((t) => t.message.text)).toEqual([jasmine.stringContaining('вирішено: Відновлено')])
  })
})
