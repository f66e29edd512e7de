import { rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const probe = fileURLToPath(new URL('../bin/server_build_probe.ts', import.meta.url))

/** `npm start` recompiles build/server when its sources changed: edited, added, moved or removed. */
describe('the server build', () => {
  afterAll(() => rmSync(probe, { force: true }))

  it('is stale when a source file is added or removed, not only when one is edited', async () => {
    // @ts-expect-error a plain ESM script without types
    const { ensureServerBuild, serverBuildIsCurrent } = await import('../bin/ensure_server_build.mjs')
    await ensureServerBuild()
    expect(serverBuildIsCurrent()).toBeTrue()
    writeFileSync(probe, 'export {}\n')
    expect(serverBuildIsCurrent()).withContext('a file added').toBeFalse()
    await ensureServerBuild()
    expect(serverBuildIsCurrent()).toBeTrue()
    rmSync(probe)
    expect(serverBuildIsCurrent()).withContext('a file removed (its old output would linger)').toBeFalse()
    await ensureServerBuild()
    expect(serverBuildIsCurrent()).toBeTrue()
  }, 120_000)
})
