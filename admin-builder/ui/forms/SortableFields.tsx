import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core'
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import { useTranslation } from 'react-i18next'
import { useProblemsAt } from '../common/Inputs.js'

interface Props {
  sectionIndex: number
  fields: string[]
  labelOf(name: string): string
  selected?: string
  sections: number
  onSelect(name: string): void
  onReorder(fields: string[]): void
  onMove(name: string, toSection: number): void
  onRemove(name: string): void
}

/** The fields of one form section, reordered by drag and drop (mouse, touch or keyboard: Space, arrows, Space). */
export function SortableFields(props: Props) {
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }))
  function end(e: DragEndEvent) {
    if (!e.over || e.active.id === e.over.id) return
    const from = props.fields.indexOf(String(e.active.id))
    const to = props.fields.indexOf(String(e.over.id))
    if (from >= 0 && to >= 0) props.onReorder(arrayMove(props.fields, from, to))
  }
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={end}>
      <SortableContext items={props.fields} strategy={verticalListSortingStrategy}>
        <ul className="builder-list" data-section={props.sectionIndex}>
          {props.fields.map((name, j) => (
            <Item key={name} name={name} index={j} {...props} />
          ))}
        </ul>
      </SortableContext>
    </DndContext>
  )
}

function Item({ name, index, sectionIndex, labelOf, selected, sections, onSelect, onMove, onRemove }: Props & { name: string; index: number }) {
  const { t } = useTranslation()
  const { attributes, listeners, setNodeRef, transform, transition } = useSortable({ id: name })
  const problems = useProblemsAt(`/sections/${sectionIndex}/fields/${index}`)
  const label = labelOf(name)
  return (
    <li ref={setNodeRef} style={{ transform: CSS.Transform.toString(transform), transition }} className={`dnd-item${selected === name ? ' selected' : ''}`} data-field={name}>
      <button type="button" className="handle" {...attributes} {...listeners} aria-label={t('builder.forms.drag', { name: label })}>
        ⠿
      </button>
      <button type="button" className="link grow" onClick={() => onSelect(name)} aria-pressed={selected === name}>
        {label} <code className="muted">{name}</code>
      </button>
      {problems.length > 0 && <span className="field-error">{problems.map((p) => p.message).join('; ')}</span>}
      {sections > 1 && (
        <select aria-label={`${t('builder.forms.sections')}: ${label}`} value={sectionIndex} onChange={(e) => onMove(name, Number(e.target.value))}>
          {Array.from({ length: sections }, (_, i) => (
            <option key={i} value={i}>
              {t('builder.forms.section', { n: i + 1 })}
            </option>
          ))}
        </select>
      )}
      <button type="button" onClick={() => onRemove(name)} aria-label={`${t('builder.remove')}: ${label}`}>
        ×
      </button>
    </li>
  )
}
