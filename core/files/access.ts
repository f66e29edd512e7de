import type { Knex } from 'knex'
import type { OpContext } from '#core/records/context'
import { accessFor, isAdmin } from '#core/permissions/policy'
import { scoped, from } from '#core/records/context'
import { fileListMembers } from './listed.js'

/**
 * May the actor attach this file to a record? Its uploader may, and an administrator: nobody
 * can link (and so read) a file uploaded by someone else by guessing its id.
 */
export async function mayAttach(ctx: OpContext, fileId: string): Promise<boolean> {
  if (isAdmin(ctx.set, ctx.actor)) return !!(await ctx.db('sys_files').where({ id: fileId }).first('id'))
  return !!(await ctx.db('sys_files').where({ id: fileId, created_by: ctx.actor.id }).first('id'))
}

/**
 * May the actor download this file? Its uploader, an administrator, or anyone who may read a
 * record that refers to it — through a `file` field, or listed in a json field whose items mark
 * a member `"x-file"` (core/files/listed.ts) — under that reader's row scope and field rules.
 * An id nobody readable lists gives nothing.
 */
export async function mayDownload(ctx: OpContext, file: { id: string; created_by: string | null }): Promise<boolean> {
  if (file.created_by && file.created_by === ctx.actor.id) return true
  if (isAdmin(ctx.set, ctx.actor)) return true
  for (const entity of ctx.set.entities) {
    if (entity.managed === false) continue
    const fields = Object.entries(entity.fields)
      .filter(([, f]) => f.type === 'file' || fileListMembers(f).length)
      .map(([k]) => k)
    if (!fields.length) continue
    const access = accessFor(ctx.set, ctx.actor, entity.key)
    const readable = fields.filter((f) => !access.hidden.has(f))
    if (!access.can('read') || !readable.length) continue
    const qb = from(ctx, entity)
      .select('t.id')
      .where((w: Knex.QueryBuilder) => {
        for (const f of readable) {
          if (entity.fields[f].type === 'file') w.orWhere(`t.${f}`, file.id)
          else for (const member of fileListMembers(entity.fields[f])) w.orWhereRaw('?? @> ?::jsonb', [`t.${f}`, JSON.stringify([{ [member]: file.id }])])
        }
      })
    scoped(ctx, qb, entity, access, 'read')
    if (await qb.first()) return true
  }
  return false
}
