import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The chatbot's tables (modules/messaging/bot): where each conversation is (one row per
 * connector instance and sender address: flow, step, what was collected, language; a row
 * older than 24 hours is a conversation that starts again), and the residents' news
 * subscriptions by address, which the news issue sends to.
 */
export default class BotConversations extends BaseSchema {
  async up() {
    this.schema.createTable('sys_bot_conversations', (t) => {
      t.string('instance', 64).notNullable()
      t.string('address', 200).notNullable()
      t.string('flow', 32)
      t.string('step', 64)
      t.jsonb('data').notNullable().defaultTo('{}')
      t.string('language', 2).notNullable().defaultTo('uk')
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.primary(['instance', 'address'])
    })
    this.schema.createTable('sys_bot_subscriptions', (t) => {
      t.string('instance', 64).notNullable()
      t.string('address', 200).notNullable()
      t.string('topic', 32).notNullable().defaultTo('news')
      t.uuid('object').notNullable()
      t.uuid('contact')
      t.string('language', 2).notNullable().defaultTo('uk')
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.primary(['instance', 'address', 'topic', 'object'])
      t.index(['topic', 'object'])
    })
  }

  async down() {
    this.schema.dropTable('sys_bot_subscriptions')
    this.schema.dropTable('sys_bot_conversations')
  }
}
