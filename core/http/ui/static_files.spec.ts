import { APP_CSP, tileSource } from './static_files.js'

describe('the app CSP and the map tile server', () => {
  it('allows images from the tile server a URL template names, subdomains as a wildcard', () => {
    expect(tileSource('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(' https://tile.openstreetmap.org')
    expect(tileSource('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toBe(' https://*.tile.example.org')
    expect(tileSource('http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png')).toBe(' http://127.0.0.1:8080')
  })

  it('adds nothing without a template or for one that is not an http(s) URL or would break the policy', () => {
    for (const bad of [undefined, '', '  ', 'ftp://tiles/{z}.png', "https://x.org; script-src 'unsafe-inline'/{z}", 'javascript:alert(1)']) expect(tileSource(bad)).toBe('')
    expect(APP_CSP).toContain("img-src 'self' data: blob:")
    expect(APP_CSP).toContain("script-src 'self';")
  })
})
