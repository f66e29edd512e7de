import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The connector host's tables (core/connectors): the exchange log, the inbox that makes each
 * inbound event run once (unique per instance and idempotency key), and each instance's state.
 */
export default class Connectors extends BaseSchema {
  async up() {
    this.schema.createTable('sys_connector_log', (t) => {
      t.bigIncrements('id')
      t.timestamp('at', { useTz: true }).notNullable().defaultTo(this.now())
      t.string('instance', 64).notNullable()
      t.string('type', 64).notNullable()
      t.string('direction', 3).notNullable()
      t.string('operation', 200).notNullable()
      t.string('status', 16).notNullable()
      t.integer('latency_ms')
      t.string('correlation_id', 200)
      t.text('error')
      t.jsonb('payload')
    })
    this.schema.raw('CREATE INDEX sys_connector_log_instance_at ON sys_connector_log (instance, at DESC)')
    this.schema.createTable('sys_connector_inbox', (t) => {
      t.bigIncrements('id')
      t.string('instance', 64).notNullable()
      t.string('idempotency_key', 300).notNullable()
      t.string('type', 64).notNullable()
      t.jsonb('payload').notNullable().defaultTo('{}')
      t.string('status', 8).notNullable().defaultTo('pending')
      t.integer('attempts').notNullable().defaultTo(0)
      t.text('last_error')
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.timestamp('done_at', { useTz: true })
      t.unique(['instance', 'idempotency_key'])
      t.check(`status in ('pending', 'done', 'failed')`)
    })
    this.schema.raw(`CREATE INDEX sys_connector_inbox_pending ON sys_connector_inbox (created_at) WHERE status = 'pending'`)
    this.schema.createTable('sys_connector_state', (t) => {
      t.string('instance', 64).notNullable()
      t.string('key', 200).notNullable()
      t.jsonb('value')
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.primary(['instance', 'key'])
    })
  }

  async down() {
    this.schema.dropTable('sys_connector_state')
    this.schema.dropTable('sys_connector_inbox')
    this.schema.dropTable('sys_connector_log')
  }
}
