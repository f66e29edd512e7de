/**
 * ESLint rule `vikno/layers`: the layers of README's layout. Core never imports modules, the
 * admin builder or connectors; the admin builder never imports modules or connectors; a module
 * never imports another module's files (it calls that module's declared actions), and only its
 * UI may use the builder's UI (designer screens in the builder's frame); connectors stay out of
 * modules. Imports are resolved to files (relative paths and the package's `#core/*`-style
 * imports), so the rule sees through `../../..` as well as aliases. Specs, benchmarks, seeds and
 * bin/ may import anything.
 */
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const ALIASES = { '#core/': 'core/', '#config/': 'core/config/', '#start/': 'core/start/', '#providers/': 'core/providers/' }

/** The layer of a file (root-relative path), or undefined for code outside the layers. */
function layerOf(rel) {
  const m = /^(core|admin-builder|modules|connectors)\/(?:([^/]+)\/)?/.exec(rel)
  if (!m) return undefined
  if (m[1] === 'modules' || m[1] === 'connectors') return { kind: m[1], name: m[2], ui: rel.split('/')[2] === 'ui' }
  return { kind: m[1], ui: m[1] === 'admin-builder' ? rel.startsWith('admin-builder/ui/') : rel.startsWith('core/ui/src/') }
}

/** Root-relative path an import points at, or undefined for packages. */
function target(fromFile, spec) {
  if (spec.startsWith('.')) return relative(root, resolve(dirname(fromFile), spec))
  for (const [alias, dir] of Object.entries(ALIASES)) if (spec.startsWith(alias)) return dir + spec.slice(alias.length)
  return undefined
}

/** Why an import from one layer into another is not allowed, or undefined when it is. */
function refusal(from, to) {
  if (!from || !to) return undefined
  if (from.kind === 'core' && to.kind !== 'core') return `core must not import ${to.kind} (give core a registry the ${to.kind} fill instead)`
  if (from.kind === 'admin-builder' && (to.kind === 'modules' || to.kind === 'connectors'))
    return `the admin builder must not import ${to.kind} (modules provide designer screens the builder discovers)`
  if (from.kind === 'modules' && to.kind === 'modules' && to.name !== from.name) return `module ${from.name} must not import module ${to.name}'s files (call its declared actions)`
  if (from.kind === 'modules' && to.kind === 'admin-builder' && !(from.ui && to.ui)) return `only a module's UI may use the admin builder's UI`
  if (from.kind === 'modules' && to.kind === 'connectors') return 'modules must not import connectors'
  if (from.kind === 'connectors' && to.kind === 'modules') return `connectors must not import modules' files (call their declared actions)`
  if (from.kind === 'connectors' && to.kind === 'connectors' && to.name !== from.name) return 'a connector must not import another connector'
  return undefined
}

/** @type {import('eslint').Rule.RuleModule} */
export const layers = {
  meta: {
    type: 'problem',
    docs: { description: "imports follow the layers: core ← admin-builder ← modules' UI; modules and connectors apart" },
    schema: [
      { type: 'object', properties: { exceptions: { type: 'array', items: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } } } }, additionalProperties: false },
    ],
  },
  create(context) {
    const exceptions = context.options[0]?.exceptions ?? []
    const file = context.filename
    const fromRel = relative(root, file)
    const from = layerOf(fromRel)
    if (!from) return {}
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return
      const toRel = target(file, source.value)
      if (toRel === undefined) return
      const why = refusal(from, layerOf(toRel))
      if (!why) return
      if (exceptions.some((e) => fromRel.startsWith(e.from) && toRel.startsWith(e.to))) return
      context.report({ node: source, message: `${why}: ${source.value}` })
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : undefined),
    }
  },
}
