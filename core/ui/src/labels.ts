import type { Label } from '../../shared/metadata.js'
import { useTranslation } from 'react-i18next'

/** A metadata label in the UI's language, Ukrainian when there is no English. */
export function pick(label: Label | undefined, lang: string, fallback = ''): string {
  if (!label) return fallback
  return (lang === 'en' ? label.en : label.uk) || label.uk || fallback
}

/** `pick` bound to the current language. */
export function useLabel() {
  const { i18n } = useTranslation()
  return (label: Label | undefined, fallback = '') => pick(label, i18n.language, fallback)
}

const dateTime = new Map<string, Intl.DateTimeFormat>()

/** Dates as people in Kyiv read them. */
export function formatDateTime(value: string, lang: string, dateOnly = false): string {
  const key = `${lang}:${dateOnly}`
  let f = dateTime.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'uk-UA', dateOnly ? { dateStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Kyiv' })
    dateTime.set(key, f)
  }
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? value : f.format(d)
}
