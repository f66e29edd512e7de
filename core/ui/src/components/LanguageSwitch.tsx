import { useTranslation } from 'react-i18next'
import { switchLanguage, type Lang } from '../i18n.js'

const LANGS: Array<{ code: Lang; name: string }> = [
  { code: 'uk', name: 'Українська' },
  { code: 'en', name: 'English' },
]

/** УКР / ENG: the app's texts and the metadata labels switch at once. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation()
  return (
    <div className="lang" role="group" aria-label={t('app.language')}>
      {LANGS.map((l) => (
        <button key={l.code} type="button" lang={l.code} title={l.name} aria-pressed={i18n.language === l.code} onClick={() => switchLanguage(l.code)}>
          {l.code === 'uk' ? 'УКР' : 'ENG'}
        </button>
      ))}
    </div>
  )
}
