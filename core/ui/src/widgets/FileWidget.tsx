import { useState } from 'react'
import type { WidgetProps } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import { api } from '../api/client.js'

/** rjsf widget of file fields: a link to the attached file, and an upload (POST /api/v1/files). */
export function FileWidget(props: WidgetProps) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const id = typeof props.value === 'string' ? props.value : undefined
  const upload = async (file: File | undefined) => {
    if (!file) return
    setBusy(true)
    setError(undefined)
    try {
      const body = new FormData()
      body.append('file', file)
      const res = await api<{ data?: { id: string }; id?: string }>('POST', '/api/v1/files', body)
      props.onChange(res.data?.id ?? res.id)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="file">
      {id && (
        <a href={`/api/v1/files/${id}`} target="_blank" rel="noreferrer">
          {t('reference.file')} #{id.slice(0, 8)}
        </a>
      )}
      {!props.readonly && !props.disabled && (
        <label className="button upload">
          {t('reference.upload')}
          <input id={props.id} type="file" className="sr-only" aria-label={`${t('reference.upload')}: ${props.label}`} disabled={busy} onChange={(e) => void upload(e.target.files?.[0])} />
        </label>
      )}
      {busy && <span role="status">{t('reference.uploading')}</span>}
      {error && <span className="field-error">{error}</span>}
    </div>
  )
}
