import { useSession } from '../session/SessionContext.js'
import { fieldActionsFor, type FieldActionProps } from './field_actions.js'

/** The registered actions beside one value (nothing when no module adds any, or the value is empty). */
export function FieldActions({ type, ...props }: FieldActionProps & { type?: string }) {
  const boot = useSession().boot
  if (props.value === null || props.value === undefined || props.value === '') return null
  const actions = fieldActionsFor(boot, type, props.entity, props.field)
  if (!actions.length) return null
  return (
    <span className="field-actions">
      {actions.map(({ key, Component }) => (
        <Component key={key} {...props} />
      ))}
    </span>
  )
}
