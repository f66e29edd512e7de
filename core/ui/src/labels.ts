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
  // a calendar date (`2026-03-29`) is that day everywhere; an instant is read in Kyiv
  const zone = /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'UTC' : 'Europe/Kyiv'
  const key = `${lang}:${dateOnly}:${zone}`
  let f = dateTime.get(key)
  if (!f) {
    // four-digit years and a 24-hour clock, whatever the browser's locale and zone
    const day = { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: zone } as const
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'uk-UA', dateOnly ? day : { ...day, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    dateTime.set(key, f)
  }
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? value : f.format(d)
}
