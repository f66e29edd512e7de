import { useRef, useState } from 'react'
import type { WidgetProps } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client.js'
import { uploadFile } from './upload.js'

const sizeText = (n: number) => (n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`)

/**
 * rjsf widget of file fields: a link to the attached file, and an upload with a progress bar
 * (POST /api/v1/files); the field then holds the uploaded file's id. Cancel stops the upload.
 */
export function FileWidget(props: WidgetProps) {
  const { t } = useTranslation()
  const [progress, setProgress] = useState<number>()
  const [error, setError] = useState<string>()
  const [name, setName] = useState<string>()
  const abort = useRef<AbortController | undefined>(undefined)
  const id = typeof props.value === 'string' ? props.value : undefined
  const busy = progress !== undefined
  const upload = async (file: File | undefined) => {
    if (!file) return
    setProgress(0)
    setError(undefined)
    abort.current = new AbortController()
    try {
      const saved = await uploadFile(file, setProgress, abort.current.signal)
      setName(`${saved.name} (${sizeText(saved.size)})`)
      props.onChange(saved.id)
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(e instanceof ApiError ? (e.errors[0]?.message ?? e.message) : t('widget.uploadFailed'))
    } finally {
      setProgress(undefined)
    }
  }
  return (
    <div className="file">
      {id && (
        <a href={`/api/v1/files/${id}`} target="_blank" rel="noreferrer">
          {name ?? `${t('reference.file')} #${id.slice(0, 8)}`}
        </a>
      )}
      {!props.readonly && !props.disabled && !busy && (
        <label className="button upload">
          {id ? t('widget.replaceFile') : t('reference.upload')}
          <input id={props.id} type="file" className="sr-only" aria-label={`${t('reference.upload')}: ${props.label}`} onChange={(e) => void upload(e.target.files?.[0])} />
        </label>
      )}
      {id && !props.readonly && !props.disabled && !busy && (
        <button type="button" className="link" onClick={() => (props.onChange(undefined), setName(undefined))}>
          {t('widget.detach')}
        </button>
      )}
      {busy && (
        <>
          <progress max={1} value={progress} aria-label={`${t('reference.uploading')}: ${props.label}`} />
          <span role="status">{Math.round(progress! * 100)}%</span>
          <button type="button" onClick={() => abort.current?.abort()}>
            {t('widget.cancel')}
          </button>
        </>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}
