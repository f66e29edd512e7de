import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { UiEntity } from '../types/bootstrap.js'
import type { RecordData, TransitionInfo } from '../api/types.js'
import { ApiError } from '../api/client.js'
import { useLabel } from '../labels.js'
import { commonTransitions, runBulk, settableFields, valueFor, type BulkAction, type BulkResponse } from '../list/bulk.js'
import { ReferencePicker } from './ReferencePicker.js'
import { TransitionDialog } from './TransitionDialog.js'
import { ProblemAlert } from './ProblemAlert.js'

interface Props {
  entity: UiEntity
  selected: RecordData[]
  onClear(): void
  /** After a run: the records and their outcome, to show per row. */
  onResult(response: BulkResponse, records: RecordData[]): void
}

/**
 * The bar over the selected rows: a workflow transition possible on all of them (its fields
 * asked once), set a field, delete. Each record is sent with the version the user saw.
 */
export function ListBulkBar({ entity, selected, onClear, onResult }: Props) {
  const { t } = useTranslation()
  const label = useLabel()
  const [transitions, setTransitions] = useState<TransitionInfo[]>([])
  const [transition, setTransition] = useState('')
  const [asking, setAsking] = useState<TransitionInfo | null>(null)
  const [field, setField] = useState('')
  const [value, setValue] = useState<string | null>('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const ids = selected
    .map((r) => r.id)
    .sort()
    .join(',')
  const fields = entity.can.update ? settableFields(entity) : []

  useEffect(() => {
    if (!entity.workflow || !entity.can.update || !ids) return setTransitions([])
    let live = true
    const timer = setTimeout(() => {
      commonTransitions(entity.key, ids.split(','))
        .then((list) => live && setTransitions(list))
        .catch(() => live && setTransitions([]))
    }, 150)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [entity, ids])

  async function run(action: BulkAction) {
    setBusy(true)
    setError(undefined)
    const records = [...selected]
    try {
      onResult(
        await runBulk(
          entity.key,
          action,
          records.map((r) => ({ id: r.id, version: r.version }))
        ),
        records
      )
    } catch (e) {
      setError(e)
      throw e
    } finally {
      setBusy(false)
    }
  }

  function startTransition() {
    const tr = transitions.find((x) => x.key === transition)
    if (!tr) return
    if (tr.fields.length || tr.requiredFields.length) setAsking(tr)
    else void run({ type: 'transition', transition: tr.key }).catch(() => {})
  }

  const setting = fields.find(([n]) => n === field)?.[1]
  const valueInput = () => {
    if (!setting) return null
    const aria = t('lists.bulk.value')
    if (setting.options || setting.type === 'boolean') {
      const options = setting.options ?? [
        { value: 'true', label: { uk: t('filter.yes') } },
        { value: 'false', label: { uk: t('filter.no') } },
      ]
      return (
        <select aria-label={aria} value={value ?? ''} onChange={(e) => setValue(e.target.value)}>
          <option value="">{t('lists.bulk.empty')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {label(o.label, o.value)}
            </option>
          ))}
        </select>
      )
    }
    if (setting.type === 'reference' && setting.to && setting.toReadable) return <ReferencePicker entityKey={setting.to} value={value || null} label={aria} onChange={(id) => setValue(id)} />
    const type = ['integer', 'number', 'decimal', 'money'].includes(setting.type) ? 'number' : setting.type === 'date' ? 'date' : 'text'
    return <input aria-label={aria} type={type} value={value ?? ''} onChange={(e) => setValue(e.target.value)} />
  }

  return (
    <section className="bulk-bar" aria-label={t('lists.bulk.title')}>
      <strong role="status">{t('lists.bulk.selected', { count: selected.length })}</strong>
      {entity.workflow && entity.can.update && (
        <span className="group">
          <select aria-label={t('lists.bulk.transition')} value={transition} onChange={(e) => setTransition(e.target.value)} disabled={!transitions.length}>
            <option value="">{transitions.length ? t('lists.bulk.chooseTransition') : t('lists.bulk.noTransitions')}</option>
            {transitions.map((tr) => (
              <option key={tr.key} value={tr.key}>
                {label(tr.label, tr.key)}
              </option>
            ))}
          </select>
          <button type="button" aria-label={t('lists.bulk.applyTransition')} onClick={startTransition} disabled={!transition || busy}>
            {t('lists.bulk.apply')}
          </button>
        </span>
      )}
      {fields.length > 0 && (
        <span className="group">
          <select aria-label={t('lists.bulk.setField')} value={field} onChange={(e) => (setField(e.target.value), setValue(''))}>
            <option value="">{t('lists.bulk.chooseField')}</option>
            {fields.map(([name, f]) => (
              <option key={name} value={name}>
                {label(f.label, name)}
              </option>
            ))}
          </select>
          {valueInput()}
          <button
            type="button"
            aria-label={t('lists.bulk.applyField')}
            disabled={!setting || busy}
            onClick={() => setting && void run({ type: 'update', values: { [field]: valueFor(setting, value) } }).catch(() => {})}
          >
            {t('lists.bulk.apply')}
          </button>
        </span>
      )}
      {entity.can.delete && (
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => window.confirm(t('lists.bulk.deleteConfirm', { count: selected.length })) && void run({ type: 'delete' }).catch(() => {})}
        >
          {t('lists.bulk.delete')}
        </button>
      )}
      <span className="spacer" />
      {busy && <span className="muted">{t('lists.bulk.running')}</span>}
      <button type="button" className="link" onClick={onClear}>
        {t('lists.bulk.clear')}
      </button>
      <ProblemAlert error={error} />
      {asking && (
        <TransitionDialog
          entity={entity}
          record={{ id: '' }}
          transition={asking}
          onCancel={() => setAsking(null)}
          onSubmit={async (fields) => {
            const records = [...selected]
            const res = await runBulk(
              entity.key,
              { type: 'transition', transition: asking.key, fields },
              records.map((r) => ({ id: r.id, version: r.version }))
            )
            // the same missing or invalid field on every record: say so at the field, once
            const refused = res.results.filter((r) => !r.ok)
            const first = refused[0]
            const same = (a: typeof first, b: typeof first) => !a.ok && !b.ok && JSON.stringify(a.errors?.map((e) => e.pointer)) === JSON.stringify(b.errors?.map((e) => e.pointer))
            if (!res.done && first && !first.ok && first.status === 422 && first.errors?.length && refused.every((r) => same(r, first))) {
              throw new ApiError(422, { type: '/problems/validation', title: first.title, status: 422, errors: first.errors })
            }
            onResult(res, records)
            setAsking(null)
          }}
        />
      )}
    </section>
  )
}
