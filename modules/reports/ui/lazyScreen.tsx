import { Suspense, lazy, type ComponentType } from 'react'
import { useTranslation } from 'react-i18next'

type ScreenProps = { params: Record<string, string | undefined> }

/** A screen whose code (and the charts') loads when it is first opened, not with the app. */
export function lazyScreen(pick: (m: typeof import('./Screens.js')) => ComponentType<ScreenProps>): ComponentType<ScreenProps> {
  const Screen = lazy(() => import('./Screens.js').then((m) => ({ default: pick(m) })))
  return function LazyScreen(props: ScreenProps) {
    return (
      <Suspense fallback={<Loading />}>
        <Screen {...props} />
      </Suspense>
    )
  }
}

function Loading() {
  const { t } = useTranslation()
  return (
    <p className="muted" role="status">
      {t('reports.loading')}
    </p>
  )
}
