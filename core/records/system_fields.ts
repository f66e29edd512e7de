import type { FieldDef } from '#core/shared/metadata'

/** Columns every entity table has; metadata may not declare fields with these names. */
export const SYSTEM_FIELD_DEFS: Record<string, FieldDef> = {
  id: { type: 'reference', to: '__self__', label: { uk: 'Ідентифікатор', en: 'Id' }, readOnly: true },
  created_at: { type: 'datetime', label: { uk: 'Створено', en: 'Created' }, readOnly: true },
  updated_at: { type: 'datetime', label: { uk: 'Змінено', en: 'Updated' }, readOnly: true },
  created_by: { type: 'reference', to: 'user', label: { uk: 'Автор', en: 'Created by' }, readOnly: true },
  updated_by: { type: 'reference', to: 'user', label: { uk: 'Змінив', en: 'Updated by' }, readOnly: true },
  version: { type: 'integer', label: { uk: 'Версія', en: 'Version' }, readOnly: true },
  deleted_at: { type: 'datetime', label: { uk: 'Видалено', en: 'Deleted' }, readOnly: true },
}

export const SYSTEM_COLUMNS: ReadonlySet<string> = new Set([...Object.keys(SYSTEM_FIELD_DEFS), 'search_tsv', 'search_text'])
