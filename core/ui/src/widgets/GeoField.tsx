import { useEffect, useState } from 'react'
import type { FieldProps } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import { geoProblem, mapLink } from '../form/values.js'

const text = (n: unknown) => (typeof n === 'number' || typeof n === 'string' ? String(n) : '')

/**
 * rjsf field of geo points: latitude and longitude as numbers, checked as one types (−90…90,
 * −180…180), with a link to the point on OpenStreetMap (no map tiles are served offline).
 * Coordinates that do not check are still sent, for the server to refuse at the field.
 */
export function GeoField(props: FieldProps) {
  const { t } = useTranslation()
  const value = (props.formData ?? undefined) as { lat?: unknown; lon?: unknown } | undefined
  const [lat, setLat] = useState(text(value?.lat))
  const [lon, setLon] = useState(text(value?.lon))
  useEffect(() => {
    setLat(text(value?.lat))
    setLon(text(value?.lon))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(value ?? null)])
  const id = props.fieldPathId.$id
  const title = props.schema.title ?? props.name
  const problem = lat.trim() || lon.trim() ? geoProblem(lat, lon) : undefined
  const send = (a: string, b: string) => {
    if (!a.trim() && !b.trim()) return props.onChange(undefined, props.fieldPathId.path)
    const num = (s: string) => (/^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : s)
    props.onChange({ lat: num(a), lon: num(b) } as never, props.fieldPathId.path)
  }
  const disabled = props.disabled || props.readonly
  const errors = props.errorSchema?.__errors ?? []
  return (
    <fieldset className="geo" id={id}>
      <legend>{title}</legend>
      <div className="geo-row">
        <label>
          {t('widget.lat')}
          <input
            id={`${id}_lat`}
            inputMode="decimal"
            value={lat}
            disabled={disabled}
            aria-invalid={problem === 'lat' || undefined}
            aria-describedby={`${id}__geo`}
            onChange={(e) => (setLat(e.target.value), send(e.target.value, lon))}
            placeholder="50.5851"
          />
        </label>
        <label>
          {t('widget.lon')}
          <input
            id={`${id}_lon`}
            inputMode="decimal"
            value={lon}
            disabled={disabled}
            aria-invalid={problem === 'lon' || undefined}
            aria-describedby={`${id}__geo`}
            onChange={(e) => (setLon(e.target.value), send(lat, e.target.value))}
            placeholder="30.4879"
          />
        </label>
        {!problem && lat.trim() && lon.trim() && (
          <a href={mapLink({ lat: Number(lat), lon: Number(lon) })} target="_blank" rel="noreferrer">
            {t('widget.onMap')}
          </a>
        )}
      </div>
      <span id={`${id}__geo`} className={`widget-hint${problem ? ' bad' : ''}`}>
        {problem === 'lat' ? t('widget.latInvalid') : problem === 'lon' ? t('widget.lonInvalid') : ''}
      </span>
      {errors.length > 0 && (
        <ul className="error-detail" id={`${id}__error`}>
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </fieldset>
  )
}
