import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readManifest } from './registry.js'

/** A type's manifest as the registry reads it from its folder. */
describe('connector type manifests', () => {
  const typeFolder = (config: Record<string, unknown>) => {
    const folder = join(mkdtempSync(join(tmpdir(), 'vikno-type-')), 'demo-type')
    mkdirSync(folder)
    const manifest = { key: 'demo-type', labels: { uk: 'Демо', en: 'Demo' }, capabilities: ['call_events'], config: { type: 'object', ...config } }
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest))
    return folder
  }

  it('reads a manifest whose secrets sit under properties', () => {
    const folder = typeFolder({ properties: { auth: { type: 'object', properties: { secret: { type: 'string', 'x-secret': true } } } } })
    expect(readManifest(folder).key).toBe('demo-type')
  })

  it('reads a manifest with a secret in each item of an array (a list of gateways with their passwords)', () => {
    const gateway = { type: 'object', properties: { host: { type: 'string' }, password: { type: 'string', 'x-secret': true } } }
    expect(readManifest(typeFolder({ properties: { gateways: { type: 'array', items: gateway } } })).key).toBe('demo-type')
  })

  it('refuses a secret the host could not find (inside oneOf), which would be stored in clear', () => {
    const folder = typeFolder({ properties: { auth: { oneOf: [{ type: 'object', properties: { token: { type: 'string', 'x-secret': true } } }] } } })
    expect(() => readManifest(folder)).toThrowError(/x-secret.*properties/)
    const hidden = typeFolder({ properties: { list: { type: 'array', items: { anyOf: [{ type: 'object', properties: { token: { type: 'string', 'x-secret': true } } }] } } } })
    expect(() => readManifest(hidden)).toThrowError(/x-secret.*properties/)
  })
})
