import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Writes the published metadata back as files: `node ace vikno:export [--out <folder>]`.
 * Documents that came from a file go to the same path; documents created through the admin
 * API go to the city pack. The text is canonical, so an unchanged revision rewrites every
 * shipped file byte for byte (a spec checks the shipped files are canonical).
 */
export default class ViknoExport extends BaseCommand {
  static commandName = 'vikno:export'
  static description = 'Export the published metadata revision as <key>.<kind>.json files'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Target folder (default: the project itself)' })
  declare out?: string

  async run() {
    const { loadFiles } = await import('#core/metadata/loader')
    const { kindNames } = await import('#core/metadata/kinds/index')
    const { MetadataSet } = await import('#core/metadata/set')
    const { exportSet } = await import('#core/metadata/export')
    const { sourceRoots } = await import('#core/engine/boot')
    const db = await this.app.container.make('lucid.db')
    const knex = db.connection().getWriteClient()
    const row = await knex('sys_meta_revisions').orderBy('id', 'desc').first('id', 'documents')
    if (!row) {
      this.logger.error('no published revision yet: start the server once')
      this.exitCode = 1
      return
    }
    const roots = sourceRoots(this.app.appRoot.pathname)
    await (await import('#core/modules/loader')).loadModules(roots)
    const files = loadFiles(roots, kindNames())
    const published = new MetadataSet(Object.entries(row.documents) as any, files.sources)
    const written = exportSet(published, this.out ?? this.app.appRoot.pathname, `seeds/${roots.city}`)
    this.logger.info(`revision ${row.id}: ${written.length} files written`)
    await db.manager.closeAll()
  }
}
