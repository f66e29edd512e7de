/**
 * What `GET /api/v1/ui/bootstrap` answers: everything the generated screens need to draw
 * themselves for the calling user, computed from the published metadata and the user's roles.
 * Types only, shared by the server (core/http/ui_controller.ts) and the app.
 */
import type { FieldTypeName, FormDoc, Label, StateCategory, ViewDoc } from '../../../shared/metadata.js'
import type { OperatorName } from '../../../shared/filter.js'
import type { UiNavGroup, UiShortcut, UiTimelineKind } from '../../../shared/ui_contributions.js'

export type JsonSchemaObject = {
  type?: unknown
  title?: string
  properties?: Record<string, Record<string, unknown>>
  required?: string[]
  [keyword: string]: unknown
}

export interface UiOption {
  value: string
  label: Label
  /** A retired lookup document (a request type with `active: false`): shown on records that have it, not offered anew. */
  retired?: boolean
  /** A deprecated enum option: kept for existing records, no longer offered (shown disabled). */
  deprecated?: boolean
}

export interface UiField {
  type: FieldTypeName
  label: Label
  help?: Label
  /** Default widget of the field type (core/schema/field_types). */
  widget: string
  required: boolean
  /** Not writable by this user: by metadata, by a role's field rule, or changed only by workflow transitions. */
  readOnly: boolean
  /** enum options, workflow states, or the documents of the metadata kind a string field is named after. */
  options?: UiOption[]
  /** reference, multi_reference, file: the target entity. */
  to?: string
  /** The target entity is readable by this user (so a picker can search it). */
  toReadable?: boolean
  /** Filter operators the field type allows. */
  operators: OperatorName[]
  sortable: boolean
  search?: boolean
}

export interface UiWorkflow {
  field: string
  states: Record<string, { label: Label; category: StateCategory }>
}

export interface UiEntity {
  key: string
  label: Label
  display: string | null
  searchable: boolean
  softDelete: boolean
  can: { read: boolean; create: boolean; update: boolean; delete: boolean; export: boolean }
  /** Readable fields only: fields hidden from the user are left out, as in the API. */
  fields: Record<string, UiField>
  /** System fields (id, version, created_at …) the list may show or sort by. */
  systemFields: Record<string, { type: FieldTypeName; label: Label }>
  schemas: {
    /** Every readable field, read-only ones marked `readOnly`: what the record page shows. */
    record: JsonSchemaObject
    /** What this user may send on create / update (absent when the action is not allowed). */
    create?: JsonSchemaObject
    update?: JsonSchemaObject
  }
  forms: FormDoc[]
  /** `view` metadata of the entity, or one generated from its fields when there is none. */
  views: Array<ViewDoc & { generated?: boolean }>
  workflow?: UiWorkflow
}

export interface UiNavItem {
  entity: string
  view: string
  label: Label
  /** `technical`: internal records, shown to administrators in a group of their own. */
  group?: 'technical'
  /** Key of the `UiBootstrap.navigationGroups` entry (a module's group) that placed this entity. */
  module?: string
}

/** Extra, type-specific fields of a metadata document a string field points at (request types). */
export interface UiLookup {
  key: string
  label: Label
  fields?: Record<string, unknown>
  requiredFields?: string[]
  retired?: boolean
}

export interface UiBootstrap {
  revision: number
  user: { id: string; login: string; name: string | null; locale: string | null }
  roles: Array<{ key: string; label: Label; admin: boolean }>
  admin: boolean
  /** Metadata kinds this user may edit in the admin builder: every kind for administrators. */
  metadataKinds: string[] | '*'
  entities: UiEntity[]
  navigation: UiNavItem[]
  /** Documents of metadata kinds that string fields refer to by key, e.g. `request_type`. */
  lookups: Record<string, UiLookup[]>
  /** What modules add (core/shared/ui_contributions.ts): navigation groups, keyboard shortcuts, timeline item kinds. */
  navigationGroups: UiNavGroup[]
  shortcuts: UiShortcut[]
  timelineKinds: UiTimelineKind[]
  /** Map tiles (VIKNO_MAP_TILES, VIKNO_MAP_ATTRIBUTION); absent: maps draw a plain background, no tile server needed. */
  map?: { tiles: string; attribution: string | null }
}
