/**
 * The filter language (core/shared/filter.ts) for the server: validation with JSON pointers,
 * compilation to a knex WHERE, and evaluation in memory with the same meaning.
 */
export { createFilterSchema, defaultOperators, FILTER_LIMITS, FILTER_ZONE, SUPPORTED_OPERATORS, type FilterSchema, type ValueKind } from './context.js'
export { assertFilter, FilterError, validateFilter, type FilterErrorCode, type ValidateFilterOptions } from './validate.js'
export { applyFilter, filterToSql, type FilterOptions, type HopGuard } from './to_sql.js'
export { evaluateFilter, type EvaluateOptions, type ResolveRecord, type ResolveReferencing } from './evaluate.js'
