import { BaseSchema } from '@adonisjs/lucid/schema'

/** In-app notifications (automations, escalations); channels (SMS, bots) deliver later. */
export default class Notifications extends BaseSchema {
  async up() {
    this.schema.createTable('sys_notifications', (t) => {
      t.bigIncrements('id')
      t.uuid('user_id').notNullable().references('id').inTable('sys_users').onDelete('CASCADE')
      t.string('entity', 64)
      t.uuid('record_id')
      t.text('title').notNullable()
      t.text('body')
      t.string('source', 128) // e.g. automation:<key>
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.timestamp('read_at', { useTz: true })
      t.index(['user_id', 'read_at'])
    })
  }

  async down() {
    this.schema.dropTable('sys_notifications')
  }
}
