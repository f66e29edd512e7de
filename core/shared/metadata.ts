/**
 * Shapes of metadata documents, shared by the server and the UI.
 * The meta-schemas in `metadata/schemas/` are the source of truth; these types mirror them.
 */

/** A bilingual label: Ukrainian first, English second. */
export interface Label {
  uk: string
  en?: string
}

/** Every metadata document declares these. */
export interface MetaDocument {
  $schema?: string
  kind: string
  key: string
  label?: Label
  [extra: string]: unknown
}

/** Names of the field types registered in `core/schema/field_types.ts`. */
export type FieldTypeName =
  | 'string'
  | 'text'
  | 'integer'
  | 'decimal'
  | 'money'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'duration'
  | 'enum'
  | 'reference'
  | 'multi_reference'
  | 'phone'
  | 'email'
  | 'url'
  | 'json'
  | 'file'
  | 'geo_point'

/** One field of an entity. The field key is also the column name. */
export interface FieldDef {
  type: FieldTypeName
  label?: Label
  help?: Label
  required?: boolean
  unique?: boolean
  indexed?: boolean
  default?: unknown
  readOnly?: boolean
  /** Included in the record's full-text search. */
  search?: boolean
  /** Personal data: reads of records with such fields are logged. */
  personal?: boolean
  /** Days a value is kept after its record (0: for ever); the owning module purges older values. */
  retentionDays?: number
  /** string: maximum length (default 255). */
  maxLength?: number
  minLength?: number
  pattern?: string
  /** integer, decimal: bounds. */
  minimum?: number
  maximum?: number
  /** decimal: precision and scale (default 18, 6). */
  precision?: number
  scale?: number
  /** enum: allowed values, with optional labels. */
  options?: string[]
  optionLabels?: Record<string, Label>
  /** Options kept valid for existing records but no longer offered on forms. */
  deprecatedOptions?: string[]
  /** reference, multi_reference: target entity key. */
  to?: string
  /** reference: what happens when the target is deleted (default restrict). */
  onDelete?: 'restrict' | 'set_null' | 'cascade'
  /** json: the JSON Schema (2020-12) its values must satisfy; without one, any object or array. */
  schema?: Record<string, unknown>
}

/** The `entity` kind: becomes a real table named after its key. */
export interface EntityDoc extends MetaDocument {
  kind: 'entity'
  label: Label
  /** Field used as the human name of a record. */
  display?: string
  fields: Record<string, FieldDef>
  /** Composite indexes, each a list of field keys. */
  indexes?: string[][]
  softDelete?: boolean
  /** Internal records: in the navigation only for administrators, grouped apart. */
  technical?: boolean
  /** false for engine-owned tables (e.g. `user`), described but not managed by the compiler. */
  managed?: boolean
  /** Table name when it differs from the key (engine-owned entities only). */
  table?: string
}

export type RoleAction = 'read' | 'create' | 'update' | 'delete' | 'import' | 'export'
export type FieldAccess = 'hidden' | 'readOnly'

export interface RoleEntityRule {
  actions: RoleAction[]
  /** Row scope in the filter language; absent means every row. */
  scope?: import('./filter.js').Filter
  fields?: Record<string, FieldAccess>
}

/** The `role` kind. */
export interface RoleDoc extends MetaDocument {
  kind: 'role'
  label: Label
  /** Administrators may do everything, including the metadata API. */
  admin?: boolean
  /** Metadata kinds its users may edit and publish (request types, SLAs...), never entities or roles. */
  metadata?: { kinds: string[] }
  inherits?: string[]
  /** Entities in its users' navigation, in order (none declared: every readable one but the technical). */
  navigation?: string[]
  /** Entity key (or `*`) to its rule. */
  permissions?: Record<string, RoleEntityRule>
}

/** The `form` kind: presentation of an entity for react-jsonschema-form. */
export interface FormDoc extends MetaDocument {
  kind: 'form'
  entity: string
  label: Label
  sections: Array<{ label?: Label; columns?: number; fields: string[] }>
  /** Per field: widget, help, and conditions on the record's own fields. */
  fieldOptions?: Record<string, FormFieldOptions>
  uiSchema?: Record<string, unknown>
}

/** A form's presentation of one field; conditions are filters on the record's own fields. */
export interface FormFieldOptions {
  widget?: 'text' | 'textarea' | 'select' | 'radio' | 'checkbox' | 'updown' | 'range' | 'buttons' | 'address' | 'phone' | 'duration' | 'datetime'
  help?: Label
  visibleIf?: import('./filter.js').Filter
  requiredIf?: import('./filter.js').Filter
  readOnlyIf?: import('./filter.js').Filter
}

/** The `view` kind: a list view of an entity. */
export interface ViewDoc extends MetaDocument {
  kind: 'view'
  entity: string
  label: Label
  columns: string[]
  filter?: import('./filter.js').Filter
  sort?: SortSpec[]
  pageSize?: number
  /** Workflow states shown at first: `open` (not resolved, closed or cancelled) or `all` (default). */
  states?: 'open' | 'all'
  /** Roles whose users get this view first (their default list of the entity). */
  roles?: string[]
}

export interface SortSpec {
  field: string
  dir?: 'asc' | 'desc'
}

export type StateCategory = 'new' | 'open' | 'paused' | 'resolved' | 'closed' | 'cancelled'

export interface WorkflowTransition {
  label?: Label
  from: string[]
  to: string
  roles?: string[]
  guard?: import('./filter.js').Filter
  requiredFields?: string[]
  fields?: string[]
  actions?: Array<{ type: string; [config: string]: unknown }>
}

/** The `workflow` kind: the states of an entity's records and the transitions between them. */
export interface WorkflowDoc extends MetaDocument {
  kind: 'workflow'
  label: Label
  entity: string
  field: string
  default?: boolean
  initial: string
  states: Record<string, { label: Label; category: StateCategory }>
  transitions: Record<string, WorkflowTransition>
}
