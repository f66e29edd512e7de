import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Security hardening (issue 10): the login limiter's counters (rate-limiter-flexible's table
 * layout), tokens made by tokens, and second-factor sign-in.
 */
export default class SecurityHardening extends BaseSchema {
  async up() {
    this.schema.raw(`CREATE TABLE IF NOT EXISTS sys_login_limits (
      key varchar(255) PRIMARY KEY,
      points integer NOT NULL DEFAULT 0,
      expire bigint
    )`)
    this.schema.alterTable('sys_api_tokens', (t) => {
      // a token made with a token ends with it (revoked with it, never expires after it)
      t.uuid('parent_id').references('id').inTable('sys_api_tokens').onDelete('CASCADE')
      // made from a session that passed the second factor (metadata API when 2FA is required)
      t.boolean('second_factor').notNullable().defaultTo(false)
      t.index(['parent_id'])
    })
    this.schema.alterTable('sys_sessions', (t) => {
      t.boolean('second_factor').notNullable().defaultTo(false)
    })
    this.schema.alterTable('sys_users', (t) => {
      t.text('totp_secret') // encrypted with the app key
      t.timestamp('totp_enabled_at', { useTz: true }) // null: enrolment not confirmed
      t.jsonb('totp_recovery').notNullable().defaultTo('[]') // sha256 of unused recovery codes
      t.bigInteger('totp_last_step') // the last accepted 30-second step: a code works once
    })
  }

  async down() {
    this.schema.alterTable('sys_users', (t) => t.dropColumns('totp_secret', 'totp_enabled_at', 'totp_recovery', 'totp_last_step'))
    this.schema.alterTable('sys_sessions', (t) => t.dropColumn('second_factor'))
    this.schema.alterTable('sys_api_tokens', (t) => t.dropColumns('parent_id', 'second_factor'))
    this.schema.raw('DROP TABLE IF EXISTS sys_login_limits')
  }
}
