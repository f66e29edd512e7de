/** Shapes of the metadata and builder API, shared by the server and the admin builder. */

/** A registered field type as the entity designer offers it (GET /api/v1/meta/field-types). */
export interface FieldTypeInfo {
  name: string
  widget: string
  operators: string[]
  /** Field properties the designer offers for this type. */
  options: string[]
  searchable: boolean
  /** Whether the type has a column (multi_reference lives in a link table). */
  column: boolean
}

/** One database change of a publish, as the builder lists it (the server's SchemaAction union). */
export interface SchemaActionSummary {
  kind: string
  table: string
  column?: string
  destructive?: boolean
  [k: string]: unknown
}

/** What a publish (or its dry run) answers; the server types `actions` with its own SchemaAction. */
export interface PublishResult<A = SchemaActionSummary> {
  revision: number | null
  diff: Array<{ id: string; op: string }>
  actions: A[]
  sql: string[]
  assessments?: unknown[]
}
