/**
 * The admin builder's server side, installed as a module (core/config/modules.ts): the field
 * types registry for the entity designer, "see as this role" previews, the users a designer
 * previews as, and importing metadata files into a draft, beside the metadata API of
 * core/http/meta_controller.ts.
 */
import { defineModule } from '#core/modules/define'
import { users } from './server/users_action.js'

const BuilderController = () => import('./server/builder_controller.js')

export default defineModule({
  key: 'admin_builder',
  actions: { users },
  routes: [
    { method: 'get', path: '/meta/field-types', controller: BuilderController, action: 'fieldTypes' },
    { method: 'post', path: '/meta/preview', controller: BuilderController, action: 'preview' },
    { method: 'post', path: '/meta/drafts/:id/import', controller: BuilderController, action: 'import' },
  ],
})
