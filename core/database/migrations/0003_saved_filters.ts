import { BaseSchema } from '@adonisjs/lucid/schema'

/** Named list states (filter, sort, search, columns) a user saved on a view: only ever their own. */
export default class SavedFilters extends BaseSchema {
  async up() {
    this.schema.createTable('sys_saved_filters', (t) => {
      t.uuid('id').primary().defaultTo(this.raw('gen_random_uuid()'))
      t.uuid('user_id').notNullable().references('id').inTable('sys_users').onDelete('CASCADE')
      t.string('entity', 64).notNullable()
      t.string('view', 128).notNullable()
      t.string('name', 120).notNullable()
      t.jsonb('state').notNullable().defaultTo('{}')
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      t.unique(['user_id', 'entity', 'view', 'name'])
    })
  }

  async down() {
    this.schema.dropTable('sys_saved_filters')
  }
}
