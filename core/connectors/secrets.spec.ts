import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testApp } from '#core/testing/app'
import { userClient, type ApiClient } from '#core/testing/client'
import { engine } from '#core/engine/engine'
import { MetadataSet } from '#core/metadata/set'
import { checkSet } from '#core/metadata/validate'
import { exportSet } from '#core/metadata/export'
import '#core/metadata/kinds/index'
import { decryptSecret, resolveSecrets, sealSecrets, stripSecrets } from './secrets.js'
import { connectorManifest } from './registry.js'

const doc = (config: Record<string, unknown>, type = 'echo') => ({ kind: 'connector', key: 'pbx', type, enabled: true, config })
const problemsOf = (config: Record<string, unknown>, type?: string) => checkSet(new MetadataSet([['connector/pbx' as any, doc(config, type) as any]])).map((p) => `${p.pointer} ${p.message}`)

/** The `connector` kind's checks (pointers under /config, /type) and the life of a secret. */
describe('connector metadata and secrets', () => {
  it('reports problems at their pointers: unknown type, schema errors, clear-text secrets', () => {
    expect(problemsOf({}, 'nope')).toEqual(['/type no connector type "nope"'])
    const bad = problemsOf({ host: '', port: 70000, password: 'in-clear-1' })
    expect(bad).toContain('/config/password a secret must be {"$env": "NAME"} or {"$encrypted": "..."}, never clear text')
    expect(bad.some((p) => p.startsWith('/config/port '))).toBeTrue()
    expect(bad.some((p) => p.startsWith('/config/host '))).toBeTrue()
    expect(problemsOf({ port: 1, password: { $env: 'X' } }).some((p) => p.startsWith('/config/host '))).toBeTrue()
    expect(problemsOf({ host: 'h', port: 1, password: { $env: 'X' } })).toEqual([])
    expect(problemsOf({ host: 'h', port: 1, password: { $encrypted: '***' } })).toEqual(['/config/password no stored secret: enter it again'])
  })

  it('seals clear text, keeps the stored ciphertext for "***", resolves and strips', () => {
    const schema = connectorManifest('echo')!.config
    const sealed = sealSecrets(schema, { host: 'h', port: 1, password: 'top-secret-9' }) as any
    expect(decryptSecret(sealed.password.$encrypted)).toBe('top-secret-9')
    const kept = sealSecrets(schema, { host: 'h', port: 2, password: { $encrypted: '***' } }, sealed) as any
    expect(kept.password).toEqual(sealed.password)
    process.env.SECRETS_SPEC_PW = 'from-env-42'
    expect(resolveSecrets(schema, { host: 'h', port: 1, password: { $env: 'SECRETS_SPEC_PW' } })).toEqual({ config: { host: 'h', port: 1, password: 'from-env-42' }, values: ['from-env-42'] })
    expect(() => resolveSecrets(schema, { password: { $env: 'SECRETS_SPEC_MISSING' } })).toThrowError(/SECRETS_SPEC_MISSING is not set/)
    expect(stripSecrets('login from-env-42 refused', ['from-env-42'])).toBe('login *** refused')
  })

  it('follows arrays: the secret of each item checked at its index, sealed, kept with its item when reordered, resolved', () => {
    const schema = connectorManifest('echo')!.config
    const base = { host: 'h', port: 1, password: { $env: 'X' } }
    expect(
      problemsOf({
        ...base,
        relays: [
          { key: 'a', token: { $env: 'X' } },
          { key: 'b', token: 'clear-token-1' },
        ],
      })
    ).toEqual(['/config/relays/1/token a secret must be {"$env": "NAME"} or {"$encrypted": "..."}, never clear text'])
    expect(problemsOf({ ...base, relays: [{ key: 'a', token: { $encrypted: '***' } }] })).toEqual(['/config/relays/0/token no stored secret: enter it again'])
    expect(problemsOf({ ...base, relays: [{ key: 'a', token: 12 }] }).length).toBe(1)
    const sealed = sealSecrets(schema, {
      ...base,
      relays: [
        { key: 'a', token: 'relay-a-secret' },
        { key: 'b', token: 'relay-b-secret' },
      ],
    }) as any
    expect(sealed.relays.map((r: any) => decryptSecret(r.token.$encrypted))).toEqual(['relay-a-secret', 'relay-b-secret'])
    // the screen sends back the masked list, reordered, with a third relay typed in
    const masked = { $encrypted: '***' }
    const next = sealSecrets(
      schema,
      {
        ...base,
        relays: [
          { key: 'b', token: masked },
          { key: 'c', token: 'relay-c-secret' },
          { key: 'a', token: masked },
        ],
      },
      sealed
    ) as any
    expect(next.relays[0].token).toEqual(sealed.relays[1].token)
    expect(next.relays[2].token).toEqual(sealed.relays[0].token)
    expect(decryptSecret(next.relays[1].token.$encrypted)).toBe('relay-c-secret')
    process.env.SECRETS_SPEC_RELAY = 'relay-from-env'
    const resolved = resolveSecrets(schema, { ...next, password: { $env: 'SECRETS_SPEC_RELAY' } })
    expect(resolved.config.relays.map((r: any) => r.token)).toEqual(['relay-b-secret', 'relay-c-secret', 'relay-a-secret'])
    expect(resolved.values).toEqual(jasmine.arrayWithExactContents(['relay-from-env', 'relay-b-secret', 'relay-c-secret', 'relay-a-secret']))
    expect(stripSecrets('relay b: relay-b-secret refused', resolved.values)).toBe('relay b: *** refused')
    expect(() => resolveSecrets(schema, { ...base, password: { $env: 'SECRETS_SPEC_RELAY' }, relays: [{ key: 'a', token: 'in-clear' }] })).toThrowError(
      'config/relays/0/token must be {"$env"} or {"$encrypted"}'
    )
  })

  describe('through the metadata API', () => {
    let admin: ApiClient

    beforeAll(async () => {
      admin = await userClient((await testApp()).url, ['admin'])
    })

    it('encrypts a secret typed in clear on save, never returns it, keeps it on a masked save, exports it masked', async () => {
      const draft = (await admin.post('/api/v1/meta/drafts', {})).body
      const path = `/api/v1/meta/drafts/${draft.id}/documents/connector/secret_pbx`
      const put = await admin.put(path, { document: { ...doc({ host: 'h', port: 5038, password: 'typed-in-clear-77' }), key: 'secret_pbx', enabled: false }, version: draft.version })
      expect(put.status).toBe(200)
      expect(put.text).not.toContain('typed-in-clear-77')
      expect(put.body.changes['connector/secret_pbx'].config.password).toEqual({ $encrypted: '***' })
      expect(put.body.problems).toEqual([])
      const stored = (await engine.knex('sys_meta_drafts').where({ id: draft.id }).first()).changes['connector/secret_pbx'].config.password
      expect(decryptSecret(stored.$encrypted)).toBe('typed-in-clear-77')
      // the screen sends back what it was shown: the ciphertext stays
      const again = await admin.put(path, { document: { ...doc({ host: 'h2', port: 5038, password: { $encrypted: '***' } }), key: 'secret_pbx', enabled: false }, version: put.body.version })
      expect(again.body.problems).toEqual([])
      expect((await engine.knex('sys_meta_drafts').where({ id: draft.id }).first()).changes['connector/secret_pbx'].config.password).toEqual(stored)
      expect((await admin.post(`/api/v1/meta/drafts/${draft.id}/publish`, {})).status).toBe(200)
      for (const answer of [await admin.get('/api/v1/meta'), await admin.get('/api/v1/meta/documents/connector/secret_pbx'), await admin.get('/api/v1/meta/export')]) {
        expect(answer.text).not.toContain(stored.$encrypted)
        expect(answer.text).toMatch(/\\?"\$encrypted\\?": ?\\?"\*\*\*\\?"/)
      }
      const revision = await admin.get(`/api/v1/meta/revisions/${engine.revision}`)
      expect(revision.text).not.toContain(stored.$encrypted)
      // a secret inside each item of an array (a list of relays, each with its token)
      const relays = [
        { key: 'r1', token: 'relay-one-secret' },
        { key: 'r2', token: 'relay-two-secret' },
      ]
      const listDraft = (await admin.post('/api/v1/meta/drafts', {})).body
      const listPath = `/api/v1/meta/drafts/${listDraft.id}/documents/connector/secret_pbx`
      const withList = await admin.put(listPath, {
        document: { ...doc({ host: 'h', port: 5038, password: { $encrypted: '***' }, relays }), key: 'secret_pbx', enabled: false },
        version: listDraft.version,
      })
      expect(withList.body.problems).toEqual([])
      expect(withList.text).not.toContain('relay-one-secret')
      expect(withList.body.changes['connector/secret_pbx'].config.relays).toEqual([
        { key: 'r1', token: { $encrypted: '***' } },
        { key: 'r2', token: { $encrypted: '***' } },
      ])
      const storedList = (await engine.knex('sys_meta_drafts').where({ id: listDraft.id }).first()).changes['connector/secret_pbx'].config
      expect(storedList.password).toEqual(stored)
      expect(storedList.relays.map((r: any) => decryptSecret(r.token.$encrypted))).toEqual(['relay-one-secret', 'relay-two-secret'])
      expect((await admin.post(`/api/v1/meta/drafts/${listDraft.id}/publish`, {})).status).toBe(200)
      for (const answer of [await admin.get('/api/v1/meta'), await admin.get('/api/v1/meta/documents/connector/secret_pbx'), await admin.get('/api/v1/meta/export')]) {
        for (const r of storedList.relays) expect(answer.text).not.toContain(r.token.$encrypted)
        expect(answer.text).not.toContain('relay-two-secret')
      }
      const live = engine.set.get('connector', 'secret_pbx') as any
      expect(resolveSecrets(connectorManifest('echo')!.config, live.config).config.relays[1].token).toBe('relay-two-secret')
      const folder = mkdtempSync(join(tmpdir(), 'vikno-export-'))
      const [file] = exportSet(new MetadataSet([['connector/secret_pbx' as any, engine.set.get('connector', 'secret_pbx')!]]), folder, 'city')
      expect(readFileSync(join(folder, file), 'utf8')).toContain('"$encrypted": "***"')
    })
  })
})
