import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Linter } from 'eslint'
import tseslint from 'typescript-eslint'
// @ts-expect-error plain JavaScript beside eslint.config.js, without types
import { layers } from '../tools/eslint_layers.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

/** The layers rule's messages for one import written in a file at `from` (root-relative). */
function lint(from: string, source: string, exceptions: Array<{ from: string; to: string }> = []) {
  const linter = new Linter({ configType: 'flat', cwd: ROOT })
  const config = [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as any }, plugins: { vikno: { rules: { layers } } }, rules: { 'vikno/layers': ['error', { exceptions }] as any } }]
  return linter.verify(source, config as any, join(ROOT, from)).map((m) => m.message)
}

describe('the layers lint rule', () => {
  it('refuses core importing a module, the admin builder or a connector, through ../ or #core aliases', () => {
    expect(lint('core/records/write.ts', "import { x } from '../../modules/servicedesk/sla/calendar.js'")[0]).toContain('core must not import modules')
    expect(lint('core/ui/src/components/Timeline.ts', "import { y } from '../../../../admin-builder/ui/api.js'")[0]).toContain('core must not import admin-builder')
    expect(lint('core/start/routes.ts', "import '../../connectors/mail/server.js'")[0]).toContain('core must not import connectors')
    expect(lint('core/records/write.ts', "import { engine } from '#core/engine/engine'")).toEqual([])
  })

  it("refuses a module importing another module's files, even type-only, but not its own or core's", () => {
    expect(lint('modules/telephony/card.ts', "import type { T } from '../servicedesk/kinds/request_type.js'")[0]).toContain("module telephony must not import module servicedesk's files")
    expect(lint('modules/telephony/card.ts', "import { a } from './presence.js'\nimport { b } from '#core/records/write'")).toEqual([])
  })

  it("lets only a module's UI use the admin builder's UI", () => {
    expect(lint('modules/servicedesk/ui/sla/SlaEditor.ts', "import { useDraft } from '../../../../admin-builder/ui/DraftContext.js'")).toEqual([])
    expect(lint('modules/servicedesk/actions/sla_admin.ts', "import { x } from '../../../admin-builder/server/builder_controller.js'")[0]).toContain("only a module's UI")
  })

  it('keeps listed exceptions quiet and nothing else', () => {
    const exceptions = [{ from: 'modules/telephony/card.ts', to: 'modules/servicedesk/' }]
    expect(lint('modules/telephony/card.ts', "import { x } from '../servicedesk/kinds/request_type.js'", exceptions)).toEqual([])
    expect(lint('modules/telephony/other.ts', "import { x } from '../servicedesk/kinds/request_type.js'", exceptions).length).toBe(1)
  })

  it('leaves specs, benchmarks and packages alone', () => {
    expect(lint('tests/x.spec.ts', "import { x } from '../modules/servicedesk/sla/calendar.js'")).toEqual([])
    expect(lint('core/records/write.ts', "import pg from 'pg'")).toEqual([])
  })
})
