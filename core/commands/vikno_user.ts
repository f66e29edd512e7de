import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Creates or updates a user: `node ace vikno:user --login admin --roles admin --password ...`.
 * With the embedded database running in a server, this process joins the server's database
 * through its socket (core/db/embedded.ts), so it can be used while the server runs.
 */
export default class ViknoUser extends BaseCommand {
  static commandName = 'vikno:user'
  static description = 'Create or update a user (login, name, roles, attributes, password)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Login', required: true })
  declare login: string

  @flags.string({ description: 'Display name' })
  declare name?: string

  @flags.string({ description: 'Password (else read from VIKNO_PASSWORD)' })
  declare password?: string

  @flags.string({ description: 'Comma-separated role keys', default: '' })
  declare roles: string

  @flags.array({ description: 'Attribute as key=value (repeatable), e.g. counterparty=<uuid>' })
  declare attr?: string[]

  async run() {
    const { upsertUser } = await import('#core/auth/identity')
    const db = await this.app.container.make('lucid.db')
    const knex = db.connection().getWriteClient()
    const attributes: Record<string, unknown> = {}
    for (const pair of this.attr ?? []) {
      const i = pair.indexOf('=')
      if (i < 1) {
        this.logger.error(`--attr needs key=value, got "${pair}"`)
        this.exitCode = 1
        return
      }
      attributes[pair.slice(0, i)] = pair.slice(i + 1)
    }
    const password = this.password ?? process.env.VIKNO_PASSWORD
    const user = await upsertUser(knex, {
      login: this.login,
      name: this.name ?? this.login,
      password,
      roles: this.roles
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
      attributes,
    })
    this.logger.info(`user ${user.login} (${user.id}) roles=${JSON.stringify(user.roles)}`)
    await db.manager.closeAll()
  }
}
