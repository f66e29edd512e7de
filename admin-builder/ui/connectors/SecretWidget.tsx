import type { WidgetProps } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'

type Secret = string | { $env: string } | { $encrypted: string } | undefined

const isEnv = (v: Secret): v is { $env: string } => !!v && typeof v === 'object' && '$env' in v
const isStored = (v: Secret): v is { $encrypted: string } => !!v && typeof v === 'object' && '$encrypted' in v

/**
 * A secret member of a connector's config (`"x-secret": true`): typed as a password (sent
 * once, stored encrypted by the server, never shown again), or named as an environment
 * variable of the server (`{"$env": "AMI_SECRET"}`). A stored secret stays as it is until a
 * new one is typed.
 */
export function SecretWidget(props: WidgetProps) {
  const { t } = useTranslation()
  const value = props.value as Secret
  const env = isEnv(value)
  const hint = `${props.id}__secret`
  return (
    <div className="secret-widget">
      <label className="secret-mode">
        <input type="checkbox" role="switch" checked={env} disabled={props.disabled || props.readonly} onChange={(e) => props.onChange(e.target.checked ? { $env: '' } : undefined)} />{' '}
        {t('connectors.fromEnv')}
      </label>
      {env ? (
        <input
          id={props.id}
          type="text"
          spellCheck={false}
          autoComplete="off"
          placeholder="AMI_SECRET"
          value={value.$env}
          aria-invalid={!!props.rawErrors?.length || undefined}
          aria-describedby={hint}
          onChange={(e) => props.onChange({ $env: e.target.value.trim() })}
        />
      ) : (
        <input
          id={props.id}
          type="password"
          autoComplete="new-password"
          placeholder={isStored(value) ? t('connectors.secretStored') : ''}
          value={typeof value === 'string' ? value : ''}
          aria-invalid={!!props.rawErrors?.length || undefined}
          aria-describedby={hint}
          onChange={(e) => props.onChange(e.target.value === '' && isStored(value) ? value : e.target.value || undefined)}
        />
      )}
      <span id={hint} className="widget-hint">
        {env ? t('connectors.envHint') : isStored(value) ? t('connectors.storedHint') : t('connectors.secretHint')}
      </span>
    </div>
  )
}
