import type { EntityDoc, FieldDef, FormDoc, Label, ViewDoc, WorkflowDoc } from '#core/shared/metadata'
import type { MetadataSet } from '#core/metadata/set'
import type { Actor } from '#core/permissions/actor'
import { accessFor, expandRoles, isAdmin, type EntityAccess } from '#core/permissions/policy'
import { metadataKinds } from '#core/permissions/metadata_access'
import { recordSchema } from '#core/records/validators'
import { systemColumns } from '#core/records/entity_info'
import { SYSTEM_FIELD_DEFS } from '#core/records/system_fields'
import { fieldTypes } from '#core/schema/field_types'
import { workflowFields } from '#core/workflow/resolve'
import { navPlacement, uiContributions } from './contributions.js'
import type { JsonSchemaObject, UiBootstrap, UiEntity, UiField, UiLookup, UiNavItem } from '../../ui/src/types/bootstrap.js'

const UNSORTABLE = new Set(['multi_reference', 'json', 'geo_point'])
/** Columns a generated view may show: short values that read well in a table cell. */
const LISTABLE = new Set(['string', 'text', 'integer', 'decimal', 'money', 'boolean', 'date', 'datetime', 'enum', 'reference', 'phone', 'email'])

/**
 * Everything the generated screens need for one user: readable entities with their fields,
 * the JSON Schemas of a record body as this user may write it, forms, views, workflows, the
 * navigation and what modules add (groups, shortcuts, timeline kinds: ./contributions.ts). Hidden fields are left out entirely, like the API does, so nothing can be probed.
 */
export function uiBootstrap(set: MetadataSet, actor: Actor, revision: number, user: { login: string; name: string | null; locale: string | null }): UiBootstrap {
  const lookups = lookupsOf(set)
  const entities: UiEntity[] = []
  for (const entity of set.entities) {
    const access = accessFor(set, actor, entity.key)
    if (access.can('read')) entities.push(uiEntity(set, actor, entity, access, lookups))
  }
  const navigation = navigationOf(set, actor, entities)
  const usedLookups = new Set(entities.flatMap((e) => Object.keys(e.fields).filter((f) => lookups[f])))
  return {
    revision,
    user: { id: actor.id!, login: user.login, name: user.name, locale: user.locale },
    roles: expandRoles(set, actor.roles).map((r) => ({ key: r.key, label: r.label, admin: r.admin === true })),
    admin: isAdmin(set, actor),
    metadataKinds: metadataKinds(set, actor),
    entities,
    navigation,
    lookups: Object.fromEntries(Object.entries(lookups).filter(([k]) => usedLookups.has(k))),
    ...uiContributions(),
    ...mapTiles(),
  }
}

/** The deployment's map tiles, when it names a tile server. */
function mapTiles(): Pick<UiBootstrap, 'map'> {
  const tiles = process.env.VIKNO_MAP_TILES?.trim()
  return tiles ? { map: { tiles, attribution: process.env.VIKNO_MAP_ATTRIBUTION?.trim() || null } } : {}
}

/** Entities a module placed come first (modules place those their users live in); the rest follow by label. */
/**
 * The user's navigation: the entities their roles list (`navigation` in role metadata, in
 * order); with none listed, every readable entity but the technical ones; administrators see
 * everything, technical entities in a group of their own.
 */
function navigationOf(set: MetadataSet, actor: Actor, entities: UiEntity[]): UiNavItem[] {
  const listed = entities.filter((e) => e.views.length)
  const item = (e: UiEntity, technicalGroup?: 'technical'): UiNavItem => {
    // the menu groups technical entities only; the module that placed an entity is named apart
    const module = navPlacement(e.key)?.group
    return { entity: e.key, view: e.views[0].key, label: e.label, ...(technicalGroup ? { group: technicalGroup } : {}), ...(module ? { module } : {}) }
  }
  const technical = (e: UiEntity) => set.entity(e.key)?.technical === true
  const byRank = (a: UiEntity, b: UiEntity) => rank(a.key) - rank(b.key) || a.label.uk.localeCompare(b.label.uk, 'uk')
  const declared = [...new Set(expandRoles(set, actor.roles).flatMap((r) => r.navigation ?? []))]
  if (isAdmin(set, actor) || !declared.length) {
    const main = listed
      .filter((e) => !technical(e))
      .sort(byRank)
      .map((e) => item(e))
    return isAdmin(set, actor)
      ? [
          ...main,
          ...listed
            .filter(technical)
            .sort(byRank)
            .map((e) => item(e, 'technical')),
        ]
      : main
  }
  return declared.flatMap((key) => listed.filter((e) => e.key === key).map((e) => item(e)))
}

function rank(key: string) {
  return navPlacement(key)?.order ?? Number.MAX_SAFE_INTEGER
}

/** Metadata kinds that string fields name by key (a ticket's `request_type`), with their extra fields. */
function lookupsOf(set: MetadataSet): Record<string, UiLookup[]> {
  const out: Record<string, UiLookup[]> = {}
  // connector instances are the administrators' business (core/connectors), never a lookup
  const builtIn = new Set(['entity', 'role', 'form', 'view', 'workflow', 'connector'])
  for (const doc of set.docs.values()) {
    if (builtIn.has(doc.kind)) continue
    const fields = doc.fields && typeof doc.fields === 'object' ? (doc.fields as Record<string, unknown>) : undefined
    const requiredFields = Array.isArray(doc.requiredFields) ? (doc.requiredFields as string[]) : undefined
    const retired = doc.active === false ? { retired: true } : {}
    ;(out[doc.kind] ??= []).push({ key: doc.key, label: doc.label ?? { uk: doc.key }, ...(fields ? { fields } : {}), ...(requiredFields ? { requiredFields } : {}), ...retired })
  }
  for (const list of Object.values(out)) list.sort((a, b) => a.label.uk.localeCompare(b.label.uk, 'uk'))
  return out
}

function uiEntity(set: MetadataSet, actor: Actor, entity: EntityDoc, access: EntityAccess, lookups: Record<string, UiLookup[]>): UiEntity {
  const controlled = workflowFields(set, entity.key)
  const workflows = set.list<WorkflowDoc>('workflow').filter((w) => w.entity === entity.key)
  const workflow = workflows.length ? { field: workflows[0].field, states: Object.assign({}, ...workflows.map((w) => w.states)) as Record<string, { label: Label; category: any }> } : undefined
  const fields: Record<string, UiField> = {}
  for (const [name, def] of Object.entries(entity.fields)) {
    if (access.hidden.has(name)) continue
    const readOnly = def.readOnly === true || access.readOnly.has(name) || controlled.has(name)
    fields[name] = uiField(set, actor, name, def, readOnly, workflow?.field === name ? workflow : undefined, lookups[name])
  }
  const systemFields: UiEntity['systemFields'] = {}
  for (const col of systemColumns(entity)) systemFields[col] = { type: SYSTEM_FIELD_DEFS[col].type, label: SYSTEM_FIELD_DEFS[col].label! }
  const can = {
    read: true,
    create: access.can('create'),
    update: access.can('update'),
    delete: access.can('delete'),
    export: access.can('export'),
  }
  const forms = set.list<FormDoc>('form').filter((f) => f.entity === entity.key)
  // a view meant for one of the user's roles comes first: their default list
  const mine = new Set(expandRoles(set, actor.roles).map((r) => r.key))
  const forMe = (v: ViewDoc) => (v.roles?.some((r) => mine.has(r)) ? 0 : 1)
  const views: UiEntity['views'] = set
    .list<ViewDoc>('view')
    .filter((v) => v.entity === entity.key)
    .sort((a, b) => forMe(a) - forMe(b))
  if (!views.length) views.push(generatedView(entity, fields, workflow?.field))
  return {
    key: entity.key,
    label: entity.label,
    display: entity.display && fields[entity.display] ? entity.display : null,
    searchable: Object.values(fields).some((f) => f.search) || !!entity.display,
    softDelete: entity.softDelete === true,
    can,
    fields,
    systemFields,
    schemas: {
      record: readSchema(entity, fields, actor.locale),
      ...(can.create ? { create: writeSchema(entity, fields, 'create', actor.locale) } : {}),
      ...(can.update ? { update: writeSchema(entity, fields, 'update', actor.locale) } : {}),
    },
    forms,
    views,
    ...(workflow ? { workflow } : {}),
  }
}

function uiField(set: MetadataSet, actor: Actor, name: string, def: FieldDef, readOnly: boolean, workflow: UiEntity['workflow'], lookup: UiLookup[] | undefined): UiField {
  const type = fieldTypes.get(def.type)
  const field: UiField = {
    type: def.type,
    label: def.label ?? { uk: name },
    widget: type.widget,
    required: def.required === true,
    readOnly,
    operators: [...type.operators],
    sortable: !UNSORTABLE.has(def.type),
  }
  if (def.help) field.help = def.help
  if (def.search) field.search = true
  if (def.options) field.options = def.options.map((value) => ({ value, label: def.optionLabels?.[value] ?? { uk: value }, ...(def.deprecatedOptions?.includes(value) ? { deprecated: true } : {}) }))
  else if (workflow) field.options = Object.entries(workflow.states).map(([value, s]) => ({ value, label: s.label }))
  else if (def.type === 'string' && lookup) field.options = lookup.map((d) => ({ value: d.key, label: d.label, ...(d.retired ? { retired: true } : {}) }))
  if (def.to) {
    field.to = def.to
    field.toReadable = !!set.entity(def.to) && accessFor(set, actor, def.to).can('read')
  }
  return field
}

/** The record as the page shows it: every readable field, the ones this user cannot write marked readOnly. */
function readSchema(entity: EntityDoc, fields: Record<string, UiField>, locale: 'uk' | 'en'): JsonSchemaObject {
  const base = recordSchema(entity, 'create', locale) as JsonSchemaObject
  const properties: Record<string, Record<string, unknown>> = {}
  for (const [name, schema] of Object.entries(base.properties ?? {})) {
    const field = fields[name]
    if (!field) continue
    properties[name] = field.readOnly ? { ...schema, readOnly: true } : schema
  }
  const required = (base.required ?? []).filter((k) => properties[k] && !fields[k].readOnly)
  return { type: 'object', title: base.title, properties, ...(required.length ? { required } : {}) }
}

/** What this user may send: recordSchema minus read-only, hidden and workflow-controlled fields. */
function writeSchema(entity: EntityDoc, fields: Record<string, UiField>, mode: 'create' | 'update', locale: 'uk' | 'en'): JsonSchemaObject {
  const base = recordSchema(entity, mode, locale) as JsonSchemaObject
  const properties: Record<string, Record<string, unknown>> = {}
  for (const [name, schema] of Object.entries(base.properties ?? {})) {
    if (name === 'version' || (fields[name] && !fields[name].readOnly)) properties[name] = schema
  }
  const required = (base.required ?? []).filter((k) => k in properties)
  return { ...base, properties, ...(required.length ? { required } : { required: undefined }) }
}

/** A list view for an entity without `view` metadata: its display field, state, required, enum and reference fields. */
function generatedView(entity: EntityDoc, fields: Record<string, UiField>, stateField: string | undefined): ViewDoc & { generated: true } {
  const names = Object.keys(fields).filter((n) => LISTABLE.has(fields[n].type))
  const score = (n: string) => (n === entity.display ? 0 : n === stateField ? 1 : fields[n].required ? 2 : fields[n].type === 'enum' ? 3 : fields[n].type === 'reference' ? 4 : 5)
  const columns = [...names].sort((a, b) => score(a) - score(b) || names.indexOf(a) - names.indexOf(b)).slice(0, 6)
  if (entity.managed !== false) columns.push('created_at')
  return {
    kind: 'view',
    key: `${entity.key}_default`,
    entity: entity.key,
    label: entity.label,
    columns,
    ...(entity.managed !== false ? { sort: [{ field: 'created_at', dir: 'desc' as const }] } : {}),
    pageSize: 50,
    generated: true,
  }
}
