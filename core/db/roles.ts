import type { Knex } from 'knex'

/**
 * Two database roles (issue 10, item 9). The owner role (DATABASE_OWNER_URL) owns the schema:
 * migrations, metadata publishes, sequences. The serving role (DATABASE_URL) answers requests:
 * it reads and writes records but may only INSERT into the audit tables, and, being neither
 * their owner nor a superuser, cannot `DISABLE TRIGGER` on them or set
 * `session_replication_role` to skip the append-only triggers.
 *
 * `grantServingRole` runs as the owner after migrations and after each publish; default
 * privileges cover what the owner creates in between. Nothing to do when both are one role
 * (a single DATABASE_URL, or the embedded database, whose only role is a superuser).
 */
export const APPEND_ONLY_TABLES = ['sys_audit', 'sys_record_views']

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`

export async function grantServingRole(owner: Knex, serving: Knex) {
  if (owner === serving) return
  const [{ rows: s }, { rows: o }] = await Promise.all([serving.raw('select current_user as role, current_schema() as schema'), owner.raw('select current_user as role')])
  if (s[0].role === o[0].role) return
  const role = ident(s[0].role)
  const schema = ident(s[0].schema)
  const audit = APPEND_ONLY_TABLES.map(ident).join(', ')
  // one transaction: the audit tables are never writable in between
  await owner.transaction(async (trx) => {
    await trx.raw(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`)
    await trx.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`)
    await trx.raw(`REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON ${audit} FROM ${role}`)
    await trx.raw(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`)
    await trx.raw(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`)
    await trx.raw(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${role}`)
  })
}
