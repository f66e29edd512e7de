import { EventEmitter } from 'node:events'
import type { Knex } from 'knex'
import { MetadataSet } from '#core/metadata/set'

/**
 * The running engine of one node: the database handle and the published metadata it serves.
 * `reload()` swaps in the latest revision atomically (compiled artifacts are cached per
 * MetadataSet, so a new set means fresh validators, permissions and filter schema).
 */
export class Engine extends EventEmitter {
  #knex?: Knex
  #owner?: Knex
  set = new MetadataSet([])
  revision = 0
  embedded = false
  node = 'node-1'
  realtime: 'off' | 'memory' | 'postgres' | 'redis' = 'off'
  search: { dictionary: string; trigram: boolean } = { dictionary: 'simple', trigram: false }

  get knex(): Knex {
    if (!this.#knex) throw new Error('engine not started')
    return this.#knex
  }

  /**
   * The schema owner's connection: migrations, publishes (DDL), sequences. The same as `knex`
   * unless DATABASE_OWNER_URL is set (core/db/roles.ts).
   */
  get ownerKnex(): Knex {
    return this.#owner ?? this.knex
  }

  attach(knex: Knex, embedded: boolean, owner?: Knex) {
    this.#knex = knex
    this.#owner = owner
    this.embedded = embedded
  }

  /** Loads the latest published revision (after a publish here or a notice from another node). */
  async reload(db: Knex | Knex.Transaction = this.knex): Promise<number> {
    const row = await db('sys_meta_revisions').orderBy('id', 'desc').first('id', 'documents')
    if (!row) return 0
    if (row.id === this.revision) return row.id
    this.set = MetadataSet.fromRecord(row.documents)
    this.revision = row.id
    this.emit('reloaded', row.id)
    return row.id
  }
}

export const engine = new Engine()
