/**
 * Folders outside `modules/` that install as modules (a `server.ts` exporting
 * `defineModule(...)`), relative to the application root: the metadata builder and the
 * connector host's admin actions. They add code only (routes, actions, jobs); metadata files
 * are read from `metadata/`, `modules/*`, VIKNO_EXTRA_MODULES and the city pack.
 */
export const appModuleFolders = ['admin-builder', 'core/connectors/module']
