import type { FieldActionDef, FieldActionProps } from '../../../core/ui/src/components/field_actions.js'
import { DialButton } from './DialButton.js'
import { RecordingPlayer } from './RecordingPlayer.js'
import { hasRole } from './api.js'

/** What telephony.dial links a call to; a company's or a user's number is dialled without a link. */
const LINKED = new Set(['ticket', 'contact', 'callback'])

function Dial({ entity, value, record }: FieldActionProps) {
  const id = typeof record?.id === 'string' && LINKED.has(entity) ? record.id : undefined
  return <DialButton number={String(value)} record={id ? { entity, id } : undefined} compact />
}

function Recording({ record }: FieldActionProps) {
  return typeof record?.id === 'string' ? <RecordingPlayer call={record.id} /> : null
}

/** A call button beside every phone number (for those who take calls), a player beside a call's recording. */
export const fieldActions: FieldActionDef[] = [
  { key: 'telephony.dial', types: ['phone'], visible: (boot) => hasRole(boot, 'operator', 'supervisor', 'telephony_agent'), Component: Dial },
  { key: 'telephony.recording', fields: ['call.recording'], Component: Recording },
]
