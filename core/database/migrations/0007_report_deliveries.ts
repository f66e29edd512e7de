import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Reports sent by e-mail (modules/reports/delivery): one row per letter sent, keyed by the
 * automation, the tick and the action, written as soon as the SMTP server took the letter —
 * a retried delivery job finds it and does not send again.
 */
export default class ReportDeliveries extends BaseSchema {
  async up() {
    this.schema.createTable('sys_report_deliveries', (t) => {
      t.string('key', 255).primary()
      t.string('automation', 120).notNullable()
      t.timestamp('tick', { useTz: true })
      t.string('format', 8).notNullable()
      t.jsonb('recipients').notNullable().defaultTo('[]')
      t.string('message_id', 255).notNullable()
      t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
  }

  async down() {
    this.schema.dropTable('sys_report_deliveries')
  }
}
