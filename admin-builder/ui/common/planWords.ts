import type { TFunction } from 'i18next'
import type { SchemaAction } from '../api.js'

/**
 * A database action of a publish plan in the UI's language (core/schema/plan.ts describes them
 * in English for logs and the CLI): by its kind and facts, the English description for a kind
 * this screen does not know yet.
 */
export function actionText(a: SchemaAction, t: TFunction): string {
  const facts = {
    table: a.table,
    column: a.column ?? '',
    entity: String(a.entity ?? ''),
    count: Array.isArray(a.columns) ? a.columns.length : 0,
    index: String((a.index as { name?: string } | undefined)?.name ?? a.index ?? ''),
  }
  return t(`plan.kinds.${a.kind}`, { ...facts, defaultValue: String(a.description ?? a.kind) })
}
