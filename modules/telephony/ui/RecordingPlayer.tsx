import { useTranslation } from 'react-i18next'

/**
 * A call's recording: the browser's own player over GET /api/v1/telephony/calls/:id/recording
 * (Range requests, authorised and audited by the server). Loads nothing until played.
 */
export function RecordingPlayer({ call }: { call: string }) {
  const { t } = useTranslation()
  return (
    <audio className="recording" controls preload="none" aria-label={t('recording.play')} src={`/api/v1/telephony/calls/${encodeURIComponent(call)}/recording`}>
      {t('recording.label')}
    </audio>
  )
}
