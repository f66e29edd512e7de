import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Filter } from '../../../../core/shared/filter.js'
import { FilterBuilder } from '../../../../core/ui/src/components/FilterBuilder.js'
import type { UiEntity } from '../../../../core/ui/src/types/bootstrap.js'
import { JsonInput, useProblemsAt } from '../../../../admin-builder/ui/common/Inputs.js'
import { filterOf, rowsOf, type FilterRow } from './report_state.js'

/**
 * A filter edited with the app's filter builder (core/ui/src/components/FilterBuilder.tsx)
 * while it is a plain AND of conditions the builder shows, else as JSON. The rows live here
 * (a row still without a value is no condition yet); the document gets the filter they make.
 */
export function FilterRows({ entity, value, pointer, label, onChange }: { entity?: UiEntity; value: Filter | undefined; pointer: string; label: string; onChange(f: Filter | undefined): void }) {
  const { t } = useTranslation()
  const [rows, setRows] = useState<FilterRow[] | undefined>(() => rowsOf(value))
  const [text, setText] = useState(() => (value ? JSON.stringify(value, null, 1) : ''))
  const [bad, setBad] = useState<string>()
  if (rows && entity) {
    return (
      <div className="rd-filter" data-pointer={pointer}>
        <FilterBuilder
          entity={entity}
          conditions={rows}
          onChange={(next) => {
            setRows(next)
            onChange(filterOf(next))
          }}
        />
        <ProblemsBelow pointer={pointer} />
      </div>
    )
  }
  return (
    <div className="rd-filter">
      {rows === undefined && <p className="muted small">{t('rd.filterComplex')}</p>}
      <JsonInput
        label={label}
        pointer={pointer}
        text={text}
        onText={(v) => {
          setText(v)
          try {
            onChange(v.trim() ? (JSON.parse(v) as Filter) : undefined)
            setBad(undefined)
          } catch (e) {
            setBad((e as Error).message)
          }
        }}
      />
      {bad && (
        <p className="field-error" role="alert">
          {t('rd.notJson', { message: bad })}
        </p>
      )}
    </div>
  )
}

/** Problems at a pointer and below it (`/filter/and/0/status`), for inputs that have no pointer of their own. */
export function ProblemsBelow({ pointer }: { pointer: string }) {
  const problems = useProblemsAt(pointer, true)
  if (!problems.length) return null
  return (
    <p className="field-error" role="alert" data-pointer={pointer}>
      {problems.map((p) => p.message).join('; ')}
    </p>
  )
}
