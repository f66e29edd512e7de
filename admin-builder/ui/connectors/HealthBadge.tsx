import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../core/ui/src/labels.js'
import type { Health } from './connectors_api.js'

/** An instance's health as a coloured badge (green up, amber degraded, red down, grey stopped), with its detail. */
export function HealthBadge({ health }: { health?: Health }) {
  const { t, i18n } = useTranslation()
  const status = health?.status ?? 'unknown'
  const title = [health?.detail, health?.since ? t('connectors.since', { time: formatDateTime(health.since, i18n.language) }) : ''].filter(Boolean).join(' · ')
  return (
    <span className={`health health-${status}`} data-status={status} title={title || undefined}>
      {t(`connectors.health.${status}`)}
    </span>
  )
}
