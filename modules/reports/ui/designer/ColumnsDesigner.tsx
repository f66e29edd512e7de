import { useId, useState, type ReactNode } from 'react'
import type { CollisionDetection } from '@dnd-kit/core'
import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, pointerWithin, rectIntersection, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core'
import { useTranslation } from 'react-i18next'
import type { ReportDimension, ReportMeasure } from '../../../../core/shared/reports.js'
import { useLabel } from '../../../../core/ui/src/labels.js'
import { moved } from '../../../../admin-builder/ui/common/EditorParts.js'
import { ProblemsOnly, useProblemsAt } from '../../../../admin-builder/ui/common/Inputs.js'
import { DimensionCard } from './DimensionCard.js'
import { MeasureCard } from './MeasureCard.js'
import { COUNT_ITEM, dimensionFor, measureFor, type PaletteField } from './report_state.js'
import type { UiEntity } from '../../../../core/ui/src/types/bootstrap.js'

type Zone = 'dimensions' | 'measures'

/** The zone under the pointer (a field dragged out of a scrolled palette); the keyboard, which has no pointer, by overlap. */
const collision: CollisionDetection = (args) => {
  const under = pointerWithin(args)
  return under.length ? under : rectIntersection(args)
}

interface Props {
  entity: string
  uiEntity?: UiEntity
  palette: PaletteField[]
  dimensions: ReportDimension[]
  measures: ReportMeasure[]
  onChange(dimensions: ReportDimension[], measures: ReportMeasure[]): void
}

/**
 * The entity's fields on the left, "Dimensions" and "Measures" on the right: a field is
 * dragged into a zone (mouse, touch, or the keyboard: Space, arrows, Space), or picked in the
 * zone's own list and added; each column is then set up in its card.
 */
export function ColumnsDesigner(props: Props) {
  const { t } = useTranslation()
  const label = useLabel()
  const [dragging, setDragging] = useState<string>()
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor))
  const taken = () => [...props.dimensions.map((d) => d.key), ...props.measures.map((m) => m.key)]
  const byPath = (path: string) => props.palette.find((f) => f.path === path)
  const nameOf = (path: string) => (path === COUNT_ITEM ? t('rd.countRows') : label(byPath(path)?.label, path))

  function add(zone: Zone, path: string) {
    if (zone === 'dimensions') {
      const field = byPath(path)
      if (field) props.onChange([...props.dimensions, dimensionFor(field, taken())], props.measures)
    } else {
      const field = path === COUNT_ITEM ? COUNT_ITEM : byPath(path)
      if (field) props.onChange(props.dimensions, [...props.measures, measureFor(field, taken())])
    }
  }

  function end(e: DragEndEvent) {
    setDragging(undefined)
    const zone = e.over?.id
    if (zone === 'dimensions' || zone === 'measures') add(zone, String(e.active.id))
  }

  return (
    <DndContext sensors={sensors} collisionDetection={collision} autoScroll={false} onDragStart={(e) => setDragging(String(e.active.id))} onDragCancel={() => setDragging(undefined)} onDragEnd={end}>
      <div className="rd-columns">
        <Palette palette={props.palette} nameOf={nameOf} />
        <div className="rd-zones">
          <DropZone id="dimensions" title={t('rd.dimensions')} empty={!props.dimensions.length} footer={<AddField zone="dimensions" palette={props.palette} nameOf={nameOf} onAdd={add} />}>
            {props.dimensions.map((d, i) => (
              <DimensionCard
                key={`${i}:${d.key}`}
                index={i}
                dimension={d}
                field={byPath(d.field)}
                name={nameOf(d.field)}
                count={props.dimensions.length}
                taken={taken()}
                onChange={(next) =>
                  props.onChange(
                    props.dimensions.map((x, j) => (j === i ? next : x)),
                    props.measures
                  )
                }
                onMove={(to) => props.onChange(moved(props.dimensions, i, to), props.measures)}
                onRemove={() =>
                  props.onChange(
                    props.dimensions.filter((_, j) => j !== i),
                    props.measures
                  )
                }
              />
            ))}
          </DropZone>
          <DropZone id="measures" title={t('rd.measures')} empty={!props.measures.length} footer={<AddField zone="measures" palette={props.palette} nameOf={nameOf} onAdd={add} />}>
            {props.measures.map((m, i) => (
              <MeasureCard
                key={`${i}:${m.key}`}
                index={i}
                measure={m}
                entity={props.entity}
                uiEntity={props.uiEntity}
                palette={props.palette}
                count={props.measures.length}
                taken={taken()}
                onChange={(next) =>
                  props.onChange(
                    props.dimensions,
                    props.measures.map((x, j) => (j === i ? next : x))
                  )
                }
                onMove={(to) => props.onChange(props.dimensions, moved(props.measures, i, to))}
                onRemove={() =>
                  props.onChange(
                    props.dimensions,
                    props.measures.filter((_, j) => j !== i)
                  )
                }
              />
            ))}
          </DropZone>
        </div>
      </div>
      <DragOverlay>{dragging ? <span className="rd-chip dragging">{nameOf(dragging)}</span> : null}</DragOverlay>
    </DndContext>
  )
}

function Palette({ palette, nameOf }: { palette: PaletteField[]; nameOf(path: string): string }) {
  const { t } = useTranslation()
  const [q, setQ] = useState('')
  const words = q.trim().toLowerCase()
  const shown = palette.filter((f) => !words || nameOf(f.path).toLowerCase().includes(words) || f.path.includes(words))
  return (
    <section className="rd-palette" aria-labelledby="rd-palette-h">
      <h3 id="rd-palette-h">{t('rd.palette')}</h3>
      <p className="muted small">{t('rd.paletteHelp')}</p>
      <input type="search" aria-label={t('rd.paletteSearch')} placeholder={t('rd.paletteSearch')} value={q} onChange={(e) => setQ(e.target.value)} />
      <ul className="rd-palette-list">
        {!words && <PaletteItem path={COUNT_ITEM} name={nameOf(COUNT_ITEM)} />}
        {shown
          .filter((f) => !f.via)
          .map((f) => (
            <PaletteItem key={f.path} path={f.path} name={nameOf(f.path)} />
          ))}
        {[...new Set(shown.flatMap((f) => (f.via ? [f.via] : [])))].map((via) => (
          <li key={via} className="rd-palette-group" data-via={via}>
            <details open={!!words || undefined}>
              <summary>{nameOf(via)} →</summary>
              <ul className="rd-palette-list">
                {shown
                  .filter((f) => f.via === via)
                  .map((f) => (
                    <PaletteItem key={f.path} path={f.path} name={nameOf(f.path)} nested />
                  ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </section>
  )
}

function PaletteItem({ path, name, nested }: { path: string; name: string; nested?: boolean }) {
  const { t } = useTranslation()
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: path })
  return (
    <li className={`rd-palette-item${nested ? ' nested' : ''}${isDragging ? ' dragging' : ''}`} data-path={path}>
      <button type="button" ref={setNodeRef} className="rd-chip" {...attributes} {...listeners} aria-label={t('rd.drag', { name })}>
        <span aria-hidden="true">⠿ </span>
        {nested ? name.split(' → ').pop() : name}
      </button>
    </li>
  )
}

/** The keyboard's and the pointer's other way in: a field picked from a list and added to the zone. */
function AddField({ zone, palette, nameOf, onAdd }: { zone: Zone; palette: PaletteField[]; nameOf(path: string): string; onAdd(zone: Zone, path: string): void }) {
  const { t } = useTranslation()
  const id = useId()
  const [path, setPath] = useState('')
  const paths = zone === 'measures' ? [COUNT_ITEM, ...palette.map((f) => f.path)] : palette.map((f) => f.path)
  const words = zone === 'measures' ? 'rd.addMeasure' : 'rd.addDimension'
  return (
    <div className="rd-add-field">
      <label htmlFor={id} className="sr-only">
        {t(`${words}Field`)}
      </label>
      <select id={id} value={path} onChange={(e) => setPath(e.target.value)}>
        <option value="">{t(`${words}Field`)}</option>
        {paths.map((p) => (
          <option key={p} value={p}>
            {nameOf(p)}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={!path}
        onClick={() => {
          onAdd(zone, path)
          setPath('')
        }}
      >
        + {t('rd.add')}
      </button>
    </div>
  )
}

function DropZone({ id, title, empty, footer, children }: { id: Zone; title: string; empty: boolean; footer: ReactNode; children: ReactNode }) {
  const { t } = useTranslation()
  const { setNodeRef, isOver } = useDroppable({ id })
  const problems = useProblemsAt(`/${id}`)
  return (
    <section ref={setNodeRef} className={`rd-zone${isOver ? ' over' : ''}${problems.length ? ' invalid' : ''}`} aria-labelledby={`rd-${id}-h`} data-zone={id}>
      <h3 id={`rd-${id}-h`}>{title}</h3>
      <ProblemsOnly pointer={`/${id}`} />
      {empty && <p className="muted rd-drop-hint">{t('rd.dropHere')}</p>}
      {children}
      {footer}
    </section>
  )
}

/** Up, down and remove of one column card. */
export function CardButtons({ index, count, name, onMove, onRemove }: { index: number; count: number; name: string; onMove(to: number): void; onRemove(): void }) {
  const { t } = useTranslation()
  return (
    <span className="rd-card-buttons">
      <button type="button" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={t('rd.up', { name })}>
        ↑
      </button>
      <button type="button" disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={t('rd.down', { name })}>
        ↓
      </button>
      <button type="button" onClick={onRemove} aria-label={t('rd.remove', { name })}>
        ×
      </button>
    </span>
  )
}
