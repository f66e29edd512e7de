/**
 * Files listed inside a `json` field: a field whose value schema is an array of objects with a
 * string member marked `"x-file": true` (the message entity's `attachments`: `[{ "file": id,
 * "name", "mime" }]`) refers to each listed file as a `file` field refers to its one. Writing
 * such a list asks the same as linking a file (core/files/access.ts `mayAttach`), and whoever
 * may read the record (and the field) may download the files it lists.
 */
import type { FieldDef } from '#core/shared/metadata'

/** The members of a json field's array items that hold file ids (none for any other field). */
export function fileListMembers(field: FieldDef): string[] {
  if (field.type !== 'json') return []
  const items = (field.schema as { type?: unknown; items?: { properties?: Record<string, { 'x-file'?: unknown }> } } | undefined)?.items
  const props = items?.properties
  if (!props || typeof props !== 'object') return []
  return Object.entries(props)
    .filter(([, member]) => member && typeof member === 'object' && member['x-file'] === true)
    .map(([name]) => name)
}

/** The file ids a json value lists under `members`, with the pointer (below the field) of each. */
export function listedFiles(value: unknown, members: string[]): Array<{ at: string; id: string }> {
  if (!Array.isArray(value) || !members.length) return []
  return value.flatMap((item, i) => (item && typeof item === 'object' ? members.filter((m) => typeof item[m] === 'string' && item[m]).map((m) => ({ at: `${i}/${m}`, id: item[m] as string })) : []))
}
