import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Audit action names up to 64 characters: modules name theirs `<entity>.<what>`
 * (`call.recording_listened`), longer than the 16 the engine's own names needed. Widening a
 * varchar rewrites nothing, and the append-only triggers fire on rows, not on this.
 */
export default class AuditActionLength extends BaseSchema {
  async up() {
    this.schema.raw('ALTER TABLE sys_audit ALTER COLUMN action TYPE varchar(64)')
  }

  async down() {
    // a longer name already written would not fit back: narrowing is left to a person
  }
}
