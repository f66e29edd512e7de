import { useTranslation } from 'react-i18next'
import type { PanelDef } from '../../../core/ui/src/extensions.js'
import type { UiEntity } from '../../../core/ui/src/types/bootstrap.js'
import type { RecordData } from '../../../core/ui/src/api/types.js'
import { RecordingPlayer } from './RecordingPlayer.js'

/** A call's page: its recording's player above the form, when it has one the user may read. */
function CallRecording({ record }: { entity: UiEntity; record: RecordData }) {
  const { t } = useTranslation()
  if (!record.recording) return null
  return (
    <section className="panel call-recording" aria-labelledby="call-recording-title">
      <h2 id="call-recording-title">{t('recording.label')}</h2>
      <RecordingPlayer call={record.id} />
    </section>
  )
}

export const panel: PanelDef = { entity: 'call', slot: 'head', order: 10, Component: CallRecording }
