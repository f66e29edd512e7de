import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** One write to a table found in source: where, which table (`?` when not a literal) and how. */
export interface TableWrite {
  file: string
  line: number
  table: string
  how: string
}

const WRITE_METHODS = new Set(['insert', 'update', 'del', 'delete', 'upsert', 'truncate', 'increment', 'decrement'])
/** Query builder starts: `trx(...)`, `trx.db(...)`, `db(...)`, `knex(...)`, `engine.knex(...)`. */
const BUILDER = /(?<![\w.])(?:[A-Za-z_$][\w$]*\.)*(?:trx|db|knex|tx)\(/g
const RAW_SQL = /\b(INSERT\s+INTO|DELETE\s+FROM|UPDATE)\s+("?)(\$\{[^}]*\}|[A-Za-z_][\w$]*)\2(\s+SET\b)?/g

/** The index just past the bracket closing the one at `open` (strings and templates skipped). */
function closing(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    const c = text[i]
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++
    } else if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') {
      depth--
      if (depth === 0) return i + 1
    }
  }
  return text.length
}

/**
 * The knex writes (`db('t').where(…).update(…)`, chains over several lines too) and the raw SQL
 * writes (`INSERT INTO t`, `UPDATE t SET`, `DELETE FROM t`) in one source text.
 */
export function tableWrites(file: string, source: string): TableWrite[] {
  const out: TableWrite[] = []
  // comments (doc examples) are not code: blanked, keeping the line numbers
  const text = source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/^\s*\/\/.*$/gm, (c) => ' '.repeat(c.length))
  const lineOf = (index: number) => text.slice(0, index).split('\n').length
  for (const match of text.matchAll(BUILDER)) {
    const open = match.index + match[0].length - 1
    const argsEnd = closing(text, open)
    const arg = text.slice(open + 1, argsEnd - 1).trim()
    const literal = /^'([^']*)'$/.exec(arg)?.[1] ?? /^\{\s*\w+:\s*'([^']*)'\s*\}$/.exec(arg)?.[1]
    // follow the chain: .method(args) .method(args) …
    let i = argsEnd
    for (;;) {
      const step = /^\s*\.\s*([A-Za-z_$][\w$]*)\s*(?:<[^>()]*>)?\(/.exec(text.slice(i))
      if (!step) break
      if (WRITE_METHODS.has(step[1])) {
        out.push({ file, line: lineOf(match.index), table: literal ?? '?', how: step[1] })
        break
      }
      i = closing(text, i + step[0].length - 1)
    }
  }
  for (const match of text.matchAll(RAW_SQL)) {
    if (match[1] === 'UPDATE' && !match[4]) continue // "UPDATE" in prose, not a statement
    const table = match[3].startsWith('${') ? '?' : match[3]
    out.push({ file, line: lineOf(match.index), table, how: match[1].split(/\s/)[0] })
  }
  return out.sort((a, b) => a.line - b.line)
}

function sources(dir: string, root: string, out: string[] = []): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return out
  }
  for (const name of names) {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'dist' || name === 'build') continue
    if (statSync(path).isDirectory()) sources(path, root, out)
    else if (/\.tsx?$/.test(name) && !/\.spec\.tsx?$/.test(name)) out.push(relative(root, path))
  }
  return out
}

/**
 * Writes to entity tables (anything not `sys_`) outside `core/records`, the one write path that
 * versions, hooks, audits and announces every change. `allowed` lists `file` or `file:table`
 * exceptions (the engine's own non-record tables).
 */
export function writesOutsideRecords(root: string, folders: string[], allowed: ReadonlySet<string>): TableWrite[] {
  const found: TableWrite[] = []
  for (const folder of folders) {
    for (const file of sources(join(root, folder), root)) {
      if (file.startsWith('core/records/')) continue
      for (const write of tableWrites(file, readFileSync(join(root, file), 'utf8'))) {
        if (write.table.startsWith('sys_') || allowed.has(file) || allowed.has(`${file}:${write.table}`)) continue
        found.push(write)
      }
    }
  }
  return found
}
