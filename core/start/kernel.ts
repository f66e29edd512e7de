import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#core/exceptions/handler'))

server.use([() => import('#core/http/security_headers_middleware')])

// JSON bodies are read and guarded by our own middleware; it hands other types to AdonisJS's parser
router.use([() => import('#core/http/body_middleware')])

export const middleware = router.named({
  auth: () => import('#core/http/auth_middleware'),
})
