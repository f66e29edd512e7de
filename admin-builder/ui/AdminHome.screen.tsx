import { Redirect } from 'wouter'
import type { ScreenDef } from '../../core/ui/src/extensions.js'
import { useSession } from '../../core/ui/src/session/SessionContext.js'
import { NotFound } from '../../core/ui/src/components/NotFound.js'
import { canEditKind } from './AdminShell.js'

/** `/app/admin` opens the builder where its navigation entry does (publishing: drafts, revisions). */
function AdminHome() {
  const boot = useSession().boot!
  return canEditKind(boot) ? <Redirect to="/admin/publish" replace /> : <NotFound />
}

export const screen: ScreenDef = { path: '/admin', Component: AdminHome }
