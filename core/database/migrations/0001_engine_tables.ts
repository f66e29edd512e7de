import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The engine's own fixed tables (prefix `sys_`; entity keys may not start with it).
 * Entity tables are not migrations: the schema compiler makes them from metadata.
 */
export default class EngineTables extends BaseSchema {
  async up() {
    this.schema.createTable('sys_users', (t) => {
      t.uuid('id').primary().defaultTo(this.raw('gen_random_uuid()'))
      t.string('login', 120).notNullable().unique()
      t.string('name', 255).notNullable()
      t.string('email', 320)
      t.text('password_hash')
      t.jsonb('roles').notNullable().defaultTo('[]')
      t.jsonb('attributes').notNullable().defaultTo('{}')
      t.string('locale', 8).notNullable().defaultTo('uk')
      t.boolean('active').notNullable().defaultTo(true)
      t.integer('version').notNullable().defaultTo(1)
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.createTable('sys_sessions', (t) => {
      t.string('id', 64).primary() // sha256 of the cookie value: a stolen table gives no sessions
      t.uuid('user_id').notNullable().references('id').inTable('sys_users').onDelete('CASCADE')
      t.string('csrf_token', 64).notNullable()
      t.string('ip', 64)
      t.string('user_agent', 255)
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.timestamp('expires_at', { useTz: true }).notNullable()
      t.index(['user_id'])
    })
    this.schema.createTable('sys_api_tokens', (t) => {
      t.uuid('id').primary().defaultTo(this.raw('gen_random_uuid()'))
      t.uuid('user_id').notNullable().references('id').inTable('sys_users').onDelete('CASCADE')
      t.string('name', 120).notNullable()
      t.string('token_hash', 64).notNullable().unique()
      t.string('prefix', 16).notNullable()
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.timestamp('last_used_at', { useTz: true })
      t.timestamp('expires_at', { useTz: true })
      t.timestamp('revoked_at', { useTz: true })
    })
    this.schema.createTable('sys_login_attempts', (t) => {
      t.bigIncrements('id')
      t.string('login', 120).notNullable()
      t.string('ip', 64).notNullable()
      t.boolean('success').notNullable()
      t.timestamp('at', { useTz: true }).notNullable().defaultTo(this.now())
      t.index(['login', 'at'])
      t.index(['ip', 'at'])
    })
    this.schema.createTable('sys_meta_revisions', (t) => {
      t.increments('id')
      t.integer('parent_id').references('id').inTable('sys_meta_revisions')
      t.uuid('author_id')
      t.string('source', 16).notNullable() // files | admin | rollback
      t.text('message')
      // json, not jsonb: jsonb reorders keys, and exported files must come back byte for byte
      t.json('documents').notNullable() // full snapshot: { "<kind>/<key>": document }
      t.json('file_snapshot') // what the files said at the last file import (3-way merge base)
      t.jsonb('diff').notNullable().defaultTo('[]')
      t.jsonb('schema_actions').notNullable().defaultTo('[]')
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.createTable('sys_meta_drafts', (t) => {
      t.uuid('id').primary().defaultTo(this.raw('gen_random_uuid()'))
      t.uuid('author_id')
      t.integer('base_revision').notNullable()
      t.json('changes').notNullable().defaultTo('{}') // { "<kind>/<key>": document | null }
      t.string('status', 16).notNullable().defaultTo('open')
      t.integer('version').notNullable().defaultTo(1)
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.createTable('sys_audit', (t) => {
      t.bigIncrements('id')
      t.timestamp('at', { useTz: true }).notNullable().defaultTo(this.now())
      t.uuid('actor_id')
      t.string('entity', 64).notNullable()
      t.uuid('record_id')
      t.string('action', 16).notNullable()
      t.jsonb('changes')
      t.string('request_id', 64)
      t.index(['entity', 'record_id'])
      t.index(['actor_id', 'at'])
    })
    this.schema.createTable('sys_record_views', (t) => {
      t.bigIncrements('id')
      t.timestamp('at', { useTz: true }).notNullable().defaultTo(this.now())
      t.uuid('actor_id')
      t.string('entity', 64).notNullable()
      t.uuid('record_id').notNullable()
      t.string('request_id', 64)
      t.index(['entity', 'record_id'])
      t.index(['actor_id', 'at'])
    })
    this.schema.createTable('sys_files', (t) => {
      t.uuid('id').primary().defaultTo(this.raw('gen_random_uuid()'))
      t.string('name', 255).notNullable()
      t.string('mime', 127).notNullable()
      t.bigInteger('size').notNullable()
      t.string('sha256', 64).notNullable()
      t.uuid('created_by')
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.createTable('sys_jobs', (t) => {
      t.bigIncrements('id')
      t.string('queue', 64).notNullable()
      t.string('dedupe_key', 255).unique() // a timer fires once: the same key is never queued twice
      t.jsonb('payload').notNullable().defaultTo('{}')
      t.timestamp('run_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.integer('attempts').notNullable().defaultTo(0)
      t.timestamp('locked_at', { useTz: true })
      t.string('locked_by', 64)
      t.timestamp('done_at', { useTz: true })
      t.text('last_error')
      t.index(['queue', 'run_at'])
    })
    // Socket.IO's PostgreSQL adapter stores large packets here (server mode, several nodes).
    this.schema.createTable('sys_socket_io_attachments', (t) => {
      t.bigIncrements('id')
      t.timestamp('created_at', { useTz: true }).defaultTo(this.now())
      t.binary('payload')
    })
    // Audit and read logs are append-only for the application: enforced by the database.
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION sys_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
      END $$`)
    for (const table of ['sys_audit', 'sys_record_views']) {
      this.schema.raw(`CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION sys_append_only()`)
      this.schema.raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION sys_append_only()`)
    }
  }

  async down() {
    for (const t of [
      'sys_socket_io_attachments',
      'sys_jobs',
      'sys_files',
      'sys_record_views',
      'sys_audit',
      'sys_meta_drafts',
      'sys_meta_revisions',
      'sys_login_attempts',
      'sys_api_tokens',
      'sys_sessions',
      'sys_users',
    ]) {
      this.schema.raw(`DROP TABLE IF EXISTS ${t} CASCADE`)
    }
    this.schema.raw('DROP FUNCTION IF EXISTS sys_append_only()')
  }
}
