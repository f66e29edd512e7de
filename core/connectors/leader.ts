import pg from 'pg'

/**
 * Leadership of one singleton instance across nodes: a session advisory lock
 * (`pg_try_advisory_lock(hashtext('vikno:connector:<key>'))`) on a dedicated connection held
 * while leading. When the leader dies its connection closes and the lock is free: a follower
 * trying every `retryMs` takes over. A lost connection ends leadership at once.
 */
export class Leadership {
  #client?: pg.Client
  #timer?: NodeJS.Timeout
  #leading = false
  #stopped = false

  constructor(
    readonly key: string,
    readonly databaseUrl: string,
    readonly events: { lead(): Promise<void> | void; lose(): Promise<void> | void },
    readonly retryMs = 2000
  ) {}

  get leading() {
    return this.#leading
  }

  start() {
    void this.#try()
  }

  async #try() {
    if (this.#stopped || this.#leading) return
    try {
      if (!this.#client) {
        const client = new pg.Client({ connectionString: this.databaseUrl, application_name: `vikno-connector-${this.key}`.slice(0, 63) })
        client.on('error', () => void this.#lost())
        client.on('end', () => void this.#lost())
        this.#client = client
        await client.connect()
      }
      const { rows } = await this.#client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`vikno:connector:${this.key}`])
      if (rows[0].ok && !this.#stopped) {
        this.#leading = true
        await this.events.lead()
        return
      }
    } catch {
      await this.#drop()
    }
    if (!this.#stopped) this.#timer = setTimeout(() => void this.#try(), this.retryMs)
  }

  async #lost() {
    if (!this.#client) return
    this.#client = undefined
    if (this.#leading) {
      this.#leading = false
      await this.events.lose()
    }
    if (!this.#stopped) this.#timer = setTimeout(() => void this.#try(), this.retryMs)
  }

  async #drop() {
    const client = this.#client
    this.#client = undefined
    await client?.end().catch(() => {})
  }

  /** Stops trying; a leader releases the lock (its connection closes) after `lose` ran. */
  async stop() {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    if (this.#leading) {
      this.#leading = false
      await this.events.lose()
    }
    await this.#drop()
  }
}
