/**
 * The admin builder's server side, installed as a module (core/config/modules.ts): the field
 * types registry for the entity designer, "see as this role" previews and importing metadata
 * files into a draft, beside the metadata API of core/http/meta_controller.ts.
 */
import { defineModule } from '#core/modules/define'

const BuilderController = () => import('./server/builder_controller.js')

export default defineModule({
  key: 'admin_builder',
  routes: [
    { method: 'get', path: '/meta/field-types', controller: BuilderController, action: 'fieldTypes' },
    { method: 'post', path: '/meta/preview', controller: BuilderController, action: 'preview' },
    { method: 'post', path: '/meta/drafts/:id/import', controller: BuilderController, action: 'import' },
  ],
})
