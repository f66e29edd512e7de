import type { IconButtonProps } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'

/** rjsf's array buttons in words (its defaults are icon fonts we do not load). */
export function AddButton({ onClick, disabled }: IconButtonProps) {
  const { t } = useTranslation()
  return (
    <button type="button" className="array-add" onClick={onClick} disabled={disabled}>
      + {t('reference.add')}
    </button>
  )
}

export function RemoveButton({ onClick, disabled }: IconButtonProps) {
  const { t } = useTranslation()
  return (
    <button type="button" className="icon" aria-label={t('filter.remove')} title={t('filter.remove')} onClick={onClick} disabled={disabled}>
      ×
    </button>
  )
}
