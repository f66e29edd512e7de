import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import { uk } from './locales/uk.js'
import { en } from './locales/en.js'
import { setApiLanguage } from './api/client.js'
import { localeParts, mergeLocale } from './extensions.js'

export type Lang = 'uk' | 'en'
const STORAGE_KEY = 'vikno.lang'

/** Ukrainian first; English when the user switched to it (remembered in this browser). */
function initialLanguage(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null
  return saved === 'en' ? 'en' : 'uk'
}

const lng = initialLanguage()
setApiLanguage(lng)
void i18n.use(initReactI18next).init({
  resources: {
    uk: { translation: localeParts.reduce((acc, p) => mergeLocale(acc, p.uk), uk as Record<string, unknown>) },
    en: { translation: localeParts.reduce((acc, p) => mergeLocale(acc, p.en), en as Record<string, unknown>) },
  },
  lng,
  fallbackLng: 'uk',
  interpolation: { escapeValue: false }, // React escapes
})
document.documentElement.lang = lng

export function switchLanguage(lang: Lang) {
  localStorage.setItem(STORAGE_KEY, lang)
  setApiLanguage(lang)
  document.documentElement.lang = lang
  void i18n.changeLanguage(lang)
}

export default i18n
