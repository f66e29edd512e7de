import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { installedModules } from '#core/modules/loader'
import { moduleActions } from '#core/modules/actions'

const HealthController = () => import('#core/http/health_controller')
const AuthController = () => import('#core/http/auth_controller')
const RecordsController = () => import('#core/http/records_controller')
const MetaController = () => import('#core/http/meta_controller')
const OpenApiController = () => import('#core/http/openapi_controller')
const AuditController = () => import('#core/http/audit_controller')
const FilesController = () => import('#core/http/files_controller')
const NotificationsController = () => import('#core/http/notifications_controller')
const ActionsController = () => import('#core/http/actions_controller')
const UiController = () => import('#core/http/ui_controller')
const HistoryController = () => import('#core/http/history_controller')
const SavedFiltersController = () => import('#core/http/saved_filters_controller')
const ConnectorWebhookController = () => import('#core/http/connector_webhook_controller')

router.get('/health', [HealthController, 'show'])
// the built app when there is one (npm run build:ui), else the plain home page
router.get('/', [UiController, 'home'])
router.get('/app', [UiController, 'app'])
router.get('/app/*', [UiController, 'app'])

router
  .group(() => {
    router.post('/auth/login', [AuthController, 'login'])
    router.post('/auth/logout', [AuthController, 'logout'])
    // no session: the connector type verifies the peer (signature, token) over the raw body
    router.post('/connectors/:key/webhook', [ConnectorWebhookController, 'handle'])
    // a peer checking the URL before it sends (Zadarma's GET ?zd_echo=...): the same handler, an empty body
    router.get('/connectors/:key/webhook', [ConnectorWebhookController, 'handle'])

    router
      .group(() => {
        router.get('/auth/me', [AuthController, 'me'])
        router.post('/auth/password', [AuthController, 'changePassword'])
        router.post('/auth/tokens', [AuthController, 'createToken'])
        router.get('/auth/tokens', [AuthController, 'listTokens'])
        router.delete('/auth/tokens/:id', [AuthController, 'revokeToken'])
        router.post('/auth/2fa/enrol', [AuthController, 'enrolSecondFactor'])
        router.post('/auth/2fa/confirm', [AuthController, 'confirmSecondFactor'])
        router.post('/auth/2fa/disable', [AuthController, 'disableSecondFactor'])

        router.get('/openapi.json', [OpenApiController, 'show'])
        router.get('/ui/bootstrap', [UiController, 'bootstrap'])
        router.get('/ui/saved-filters', [SavedFiltersController, 'index'])
        router.post('/ui/saved-filters', [SavedFiltersController, 'store'])
        router.patch('/ui/saved-filters/:id', [SavedFiltersController, 'update'])
        router.delete('/ui/saved-filters/:id', [SavedFiltersController, 'destroy'])

        router.get('/records/:entity', [RecordsController, 'index'])
        router.post('/records/:entity', [RecordsController, 'store'])
        router.post('/records/:entity/import', [RecordsController, 'import'])
        router.get('/records/:entity/export', [RecordsController, 'export'])
        router.post('/records/:entity/bulk', [RecordsController, 'bulk'])
        router.post('/records/:entity/bulk/transitions', [RecordsController, 'bulkTransitions'])
        router.get('/records/:entity/:id', [RecordsController, 'show'])
        router.patch('/records/:entity/:id', [RecordsController, 'update'])
        router.delete('/records/:entity/:id', [RecordsController, 'destroy'])
        router.get('/records/:entity/:id/transitions', [RecordsController, 'transitions'])
        router.get('/records/:entity/:id/history', [HistoryController, 'show'])
        router.post('/records/:entity/:id/transitions/:transition', [RecordsController, 'transition'])

        router.get('/meta', [MetaController, 'index'])
        router.get('/meta/documents/:kind/:key', [MetaController, 'document'])
        router.post('/meta/drafts', [MetaController, 'createDraft'])
        router.get('/meta/drafts/:id', [MetaController, 'showDraft'])
        router.put('/meta/drafts/:id/documents/:kind/:key', [MetaController, 'putDocument'])
        router.delete('/meta/drafts/:id/documents/:kind/:key', [MetaController, 'deleteDocument'])
        router.post('/meta/drafts/:id/validate', [MetaController, 'validate'])
        router.post('/meta/drafts/:id/publish', [MetaController, 'publish'])
        router.get('/meta/revisions', [MetaController, 'revisions'])
        router.get('/meta/revisions/:id', [MetaController, 'revision'])
        router.post('/meta/revisions/:id/rollback', [MetaController, 'rollback'])
        router.get('/meta/export', [MetaController, 'export'])

        router.get('/audit', [AuditController, 'index'])
        router.get('/actions/:name', [ActionsController, 'handle'])
        router.post('/actions/:name', [ActionsController, 'handle'])
        router.get('/notifications', [NotificationsController, 'index'])
        router.post('/notifications/:id/read', [NotificationsController, 'read'])
        router.post('/files', [FilesController, 'store'])
        router.get('/files/:id', [FilesController, 'show'])

        // what the modules add (core/modules/define.ts), installed before the routes are read
        for (const { definition } of installedModules()) {
          for (const route of definition.routes ?? []) router[route.method](route.path, [route.controller, route.action])
        }
        for (const action of moduleActions()) {
          if (!action.path) continue
          // a documented second path (e.g. the PBX intake at /telephony/events), same handler
          router[action.method === 'GET' ? 'get' : 'post'](action.path, async (ctx) => {
            ctx.params.name = action.name
            return new (await ActionsController()).default().handle(ctx)
          })
        }
      })
      .use(middleware.auth())
  })
  .prefix('/api/v1')
