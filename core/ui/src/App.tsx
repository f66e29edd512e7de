import { Redirect, Route, Router, Switch } from 'wouter'
import { useTranslation } from 'react-i18next'
import { SessionProvider, useSession } from './session/SessionContext.js'
import { LoginPage } from './components/LoginPage.js'
import { Layout } from './components/Layout.js'
import { ListPage } from './components/ListPage.js'
import { RecordPage } from './components/RecordPage.js'
import { NewRecordPage } from './components/NewRecordPage.js'
import { NotFound } from './components/NotFound.js'
import { extraNavigation, homeScreen, screens } from './extensions.js'

/** Routes under /app: `/<entity>` list, `/<entity>/new`, `/<entity>/<id>` record. */
export function App() {
  return (
    <SessionProvider>
      <Router base="/app">
        <Screens />
      </Router>
    </SessionProvider>
  )
}

function Screens() {
  const { t } = useTranslation()
  const session = useSession()
  if (session.status === 'loading')
    return (
      <p className="boot" role="status">
        {t('app.loading')}
      </p>
    )
  if (session.status === 'anonymous') return <LoginPage />
  if (session.status === 'error')
    return (
      <p className="boot error" role="alert">
        {t('error.title')}: {session.error}
      </p>
    )
  const entityFirst = session.boot!.navigation[0]
  const home = homeScreen(session.boot!) ?? extraNavigation(session.boot!).find((n) => n.home)?.href ?? (entityFirst ? `/${entityFirst.entity}` : undefined)
  return (
    <Layout>
      <Switch>
        <Route path="/">{home ? <Redirect to={home} replace /> : <p>{t('empty.nav')}</p>}</Route>
        {screens.map((s) => (
          <Route key={s.path} path={s.path}>
            {(params) => <s.Component params={params as Record<string, string | undefined>} />}
          </Route>
        ))}
        <Route path="/login">
          <Redirect to="/" replace />
        </Route>
        <Route path="/:entity/new">{(p) => <NewRecordPage key={p.entity} entityKey={p.entity} />}</Route>
        <Route path="/:entity/:id">{(p) => <RecordPage key={`${p.entity}/${p.id}`} entityKey={p.entity} id={p.id} />}</Route>
        <Route path="/:entity">{(p) => <ListPage key={p.entity} entityKey={p.entity} />}</Route>
        <Route>
          <NotFound />
        </Route>
      </Switch>
    </Layout>
  )
}
