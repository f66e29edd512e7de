/**
 * Runs every Jasmine spec (`*.spec.ts` beside the code, cross-module specs in `tests/`).
 * Usage: npm test [-- <spec file or folder>...]
 * Database: TEST_DATABASE_URL (a PostgreSQL server; the database is dropped and created anew
 * for the run, so its name must contain "test"), else an embedded PGlite in a fresh temp folder.
 */
import 'reflect-metadata'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { recreateDatabase } from '../core/testing/database.js'
import Jasmine from 'jasmine'
import { SummaryReporter } from '../core/testing/summary_reporter.js'

process.env.NODE_ENV = 'test'
process.env.TZ ??= 'UTC'
const filters = process.argv.slice(2)
// Test-only entities and roles (tests/fixtures/work_orders) join the metadata like a module.
process.env.VIKNO_EXTRA_MODULES = new URL('../tests/fixtures/work_orders', import.meta.url).pathname
// ... and a test connector type (tests/fixtures/connectors/echo) joins connectors/
process.env.VIKNO_EXTRA_CONNECTORS = new URL('../tests/fixtures/connectors', import.meta.url).pathname

const testUrl = process.env.TEST_DATABASE_URL
if (testUrl) {
  await recreateDatabase(testUrl) // refuses a name without "test"
  process.env.DATABASE_URL = testUrl
} else {
  delete process.env.DATABASE_URL
  process.env.VIKNO_DATA_DIR = mkdtempSync(join(tmpdir(), 'vikno-test-'))
}
console.log(`database: ${testUrl ? testUrl : `embedded in ${process.env.VIKNO_DATA_DIR}`}`)

const runner = new Jasmine({ projectBaseDir: process.cwd() })
runner.loadConfig({
  spec_dir: '.',
  spec_files: filters.length
    ? filters.map((f) => (f.endsWith('.ts') ? f : `${f.replace(/\/$/, '')}/**/*.spec.ts`))
    : ['core/**/*.spec.ts', 'metadata/**/*.spec.ts', 'modules/**/*.spec.ts', 'connectors/**/*.spec.ts', 'admin-builder/**/*.spec.ts', 'tests/**/*.spec.ts'],
  helpers: ['core/testing/jasmine_helpers.ts'],
  jsLoader: 'import',
  random: false,
} as any)
runner.exitOnCompletion = true
runner.clearReporters()
runner.addReporter(new SummaryReporter())
;(runner as any).jasmine.DEFAULT_TIMEOUT_INTERVAL = 60_000
await runner.execute()
