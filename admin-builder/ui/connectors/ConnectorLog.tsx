import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../core/ui/src/labels.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { connectorsApi, type LogRow } from './connectors_api.js'

const PAGE = 50
const failed = (r: LogRow) => !!r.error || /^(error|failed|fail|timeout|refused)/i.test(r.status)

/** An instance's exchange log, newest first, a page at a time ("Older entries" pages by `before`); failures highlighted. */
export function ConnectorLog({ connector }: { connector: string }) {
  const { t, i18n } = useTranslation()
  const [rows, setRows] = useState<LogRow[]>()
  const [more, setMore] = useState(false)
  const [error, setError] = useState<unknown>()
  const load = useCallback(
    async (before?: string | number) => {
      try {
        const page = await connectorsApi.log(connector, PAGE, before)
        setRows((old) => (before === undefined ? page : [...(old ?? []), ...page]))
        setMore(page.length === PAGE)
      } catch (e) {
        setError(e)
        setRows((old) => old ?? [])
      }
    },
    [connector]
  )
  useEffect(() => void load(), [load])
  return (
    <section className="builder-panel connector-log" aria-labelledby="connector-log">
      <h2 id="connector-log">{t('connectors.log')}</h2>
      <ProblemAlert error={error} />
      {!rows ? (
        <p role="status">{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="empty">{t('connectors.logEmpty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="list-table">
            <thead>
              <tr>
                <th scope="col">{t('connectors.at')}</th>
                <th scope="col">{t('connectors.direction')}</th>
                <th scope="col">{t('connectors.operation')}</th>
                <th scope="col">{t('connectors.result')}</th>
                <th scope="col">{t('connectors.latency')}</th>
                <th scope="col">{t('connectors.correlation')}</th>
                <th scope="col">{t('connectors.error')}</th>
                <th scope="col">{t('connectors.payload')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={failed(r) ? 'log-error' : undefined}>
                  <td>
                    <time dateTime={r.at}>{formatDateTime(r.at, i18n.language)}</time>
                  </td>
                  <td>{t(`connectors.directions.${r.direction}`, { defaultValue: r.direction })}</td>
                  <td>{r.operation}</td>
                  <td>{t(`connectors.statuses.${r.status}`, { defaultValue: r.status })}</td>
                  <td className="num">{r.latencyMs ?? '—'}</td>
                  <td>
                    <code>{r.correlationId ?? '—'}</code>
                  </td>
                  <td>{r.error ?? ''}</td>
                  <td>{r.payload === null || r.payload === undefined ? '' : <code className="payload">{JSON.stringify(r.payload).slice(0, 160)}</code>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && rows?.length ? (
        <button type="button" onClick={() => void load(rows[rows.length - 1]!.id)}>
          {t('connectors.older')}
        </button>
      ) : null}
    </section>
  )
}
