/**
 * The schema compiler: entity metadata → PostgreSQL tables.
 *
 * @example
 * await ensureSearchConfig(knex)
 * await knex.transaction(async (trx) => {
 *   const actions = planSchema(entities, await introspect(trx))
 *   await applyPlan(trx, actions, { confirm: false }) // throws DestructiveChangeError if needed
 * })
 */
export * from './actions.js'
export { applyPlan, assessPlan, DestructiveChangeError, previewPlan, type Assessment, type DdlOptions } from './apply.js'
export * from './definitions.js'
export * from './field_types.js'
export { FieldValueError } from './field_types/field_type.js'
export * from './introspect.js'
export { planSchema, SchemaPlanError, sortActions, tableOf, type PlanOptions } from './plan.js'
export { compareType } from './column_compare.js'
export { Registry } from './registry.js'
export * from './search_setup.js'
