import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PanelDef } from '../extensions.js'
import type { UiEntity } from '../types/bootstrap.js'
import type { RecordData } from '../api/types.js'
import { useSession } from '../session/SessionContext.js'
import { loadHistory, type HistoryEntry } from '../api/history.js'
import { historyItems, historyKinds } from './historyItems.js'
import { Timeline } from './Timeline.js'

/** Who changed what and when: the record's audit trail (refetched when the record's version changes). */
function RecordHistory({ entity, record }: { entity: UiEntity; record: RecordData }) {
  const { t, i18n } = useTranslation()
  const boot = useSession().boot!
  const [entries, setEntries] = useState<HistoryEntry[]>()
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let live = true
    loadHistory(boot, entity, record.id)
      .then((e) => live && (setEntries(e), setFailed(false)))
      .catch(() => live && setFailed(true))
    return () => {
      live = false
    }
  }, [boot, entity, record.id, record.version])
  return (
    <section className="panel history" aria-labelledby="panel-history">
      <h2 id="panel-history">{t('recordPanel.history')}</h2>
      {failed ? (
        <p className="empty">{t('recordPanel.unavailable')}</p>
      ) : !entries ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <Timeline items={historyItems(entity, entries, t, i18n.language)} label={t('recordPanel.history')} kinds={historyKinds} />
      )}
    </section>
  )
}

export const panel: PanelDef = { key: 'history', order: 200, Component: RecordHistory }
