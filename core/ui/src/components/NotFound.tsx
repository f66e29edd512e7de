import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'

/** What a record outside the user's scope looks like: the same as one that does not exist. */
export function NotFound({ backHref }: { backHref?: string }) {
  const { t } = useTranslation()
  return (
    <section className="not-found" role="alert" aria-labelledby="nf-title">
      <h1 id="nf-title">{t('record.notFound')}</h1>
      <p>{t('record.notFoundHint')}</p>
      {backHref && <Link href={backHref}>{t('record.back')}</Link>}
    </section>
  )
}
