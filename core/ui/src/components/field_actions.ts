import type { ComponentType } from 'react'
import type { UiBootstrap } from '../types/bootstrap.js'

/** What a field action is drawn for: one value of one field, and the record it belongs to when known. */
export interface FieldActionProps {
  entity: string
  field: string
  value: unknown
  /** The record holding the value (its `id` once saved). */
  record?: Record<string, unknown>
}

/**
 * A small control a module draws beside a field's value, where core must not know the module
 * (the telephony's call button beside every phone number, its player beside a call's
 * recording). Each lives in a `*.fieldaction.tsx` file (core/ui/src, admin-builder/ui or
 * modules/<m>/ui) exporting `fieldActions`. Its own glob (not extensions.ts's), so widgets can
 * read it while the screens are still being loaded.
 *
 * @example
 * export const fieldActions: FieldActionDef[] = [{ key: 'dial', types: ['phone'], visible: (boot) => boot.admin, Component: DialButton }]
 */
export interface FieldActionDef {
  key: string
  /** Field types whose values get it (`phone`). */
  types?: string[]
  /** Particular fields as `entity.field` (`call.recording`). */
  fields?: string[]
  /** Whether this user gets it at all (default: everyone). */
  visible?(boot: UiBootstrap): boolean
  Component: ComponentType<FieldActionProps>
}

const modules = import.meta.glob<{ fieldActions: FieldActionDef[] }>(
  ['../**/*.fieldaction.tsx', '../../../../admin-builder/ui/**/*.fieldaction.tsx', '../../../../modules/*/ui/**/*.fieldaction.tsx'],
  {
    eager: true,
  }
)

/** Every registered field action, by file name. */
export const fieldActions: FieldActionDef[] = Object.keys(modules)
  .sort()
  .flatMap((k) => modules[k]!.fieldActions)

/** The actions of one field's value for this user. */
export function fieldActionsFor(boot: UiBootstrap | undefined, type: string | undefined, entity: string, field: string): FieldActionDef[] {
  return fieldActions.filter((a) => ((type && a.types?.includes(type)) || a.fields?.includes(`${entity}.${field}`)) && (!a.visible || (boot && a.visible(boot))))
}
