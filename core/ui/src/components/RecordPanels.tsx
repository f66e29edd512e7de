import type { UiEntity } from '../types/bootstrap.js'
import type { RecordData } from '../api/types.js'
import { panelsFor } from '../extensions.js'
import './record.css'

/** The record panels (`*.panel.tsx`) of an entity in one slot of the record page. */
export function RecordPanels({ entity, record, slot }: { entity: UiEntity; record: RecordData; slot: 'head' | 'main' }) {
  const list = panelsFor(entity.key).filter((p) => (p.slot ?? 'main') === slot)
  if (!list.length) return null
  return (
    <div className={`record-panels slot-${slot}`}>
      {list.map((p, i) => (
        <p.Component key={p.key ?? i} entity={entity} record={record} />
      ))}
    </div>
  )
}
