import type { ReactNode } from 'react'
import { Link, useLocation } from 'wouter'
import { useTranslation } from 'react-i18next'
import { useSession } from '../session/SessionContext.js'
import { useLabel } from '../labels.js'
import { useGlobalShortcuts } from '../hooks/useGlobalShortcuts.js'
import { LanguageSwitch } from './LanguageSwitch.js'
import { backgrounds, extraNavigation, useNavigationVersion } from '../extensions.js'
import { hints, shortcuts } from '../shortcuts/shortcuts.js'

/** Header with the user and the language, the navigation from the bootstrap, and the screen. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  const label = useLabel()
  const session = useSession()
  const [location] = useLocation()
  const boot = session.boot!
  useGlobalShortcuts()
  useNavigationVersion()
  const current = location.split('/')[1]
  const entityLink = (item: (typeof boot.navigation)[number]) => (
    <li key={item.entity}>
      <Link href={`/${item.entity}`} aria-current={current === item.entity ? 'page' : undefined}>
        {label(item.label)}
      </Link>
    </li>
  )
  const technical = boot.navigation.filter((n) => n.group === 'technical')
  return (
    <div className="layout">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        <span className="hint" aria-hidden="true" title={t('shortcuts.title')}>
          {hints(shortcuts)
            .map((h) => label(h))
            .join(' · ')}
        </span>
        <span className="spacer" />
        <LanguageSwitch />
        <Link href="/profile" className="who" title={`${t('profile.open')}: ${boot.roles.map((r) => label(r.label)).join(', ')}`}>
          {boot.user.name ?? boot.user.login}
        </Link>
        <button type="button" onClick={() => void session.logout()}>
          {t('user.logout')}
        </button>
      </header>
      <nav className="side" aria-label={t('app.navigation')}>
        {extraNavigation(boot).length > 0 && (
          <ul className="extra">
            {extraNavigation(boot).map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={location === item.href || location.startsWith(`${item.href}/`) ? 'page' : undefined}>
                  {label(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <ul>{boot.navigation.filter((n) => !n.group).map(entityLink)}</ul>
        {technical.length > 0 && (
          <details className="nav-group" open={technical.some((n) => n.entity === current) || undefined}>
            <summary>{t('app.technical')}</summary>
            <ul>{technical.map(entityLink)}</ul>
          </details>
        )}
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
      {backgrounds.map((Background, i) => (
        <Background key={i} />
      ))}
    </div>
  )
}
