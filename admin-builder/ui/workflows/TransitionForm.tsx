import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLabel } from '../../../core/ui/src/labels.js'
import { LabelInputs } from '../common/EditorParts.js'
import type { WfState, WfTransition } from './WorkflowDiagram.js'

type Label = { uk: string; en?: string }

/** JSON typed as text (a guard in the filter language, the actions list), applied while it parses. */
function JsonText({ id, label, help, value, onChange }: { id: string; label: string; help: string; value: unknown; onChange(v: unknown): void }) {
  const { t } = useTranslation()
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value, null, 1))
  const [bad, setBad] = useState(false)
  return (
    <div className="json-text">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={3}
        value={text}
        aria-invalid={bad || undefined}
        aria-describedby={`${id}-help`}
        onChange={(e) => {
          setText(e.target.value)
          if (!e.target.value.trim()) {
            setBad(false)
            return onChange(undefined)
          }
          try {
            onChange(JSON.parse(e.target.value))
            setBad(false)
          } catch {
            setBad(true)
          }
        }}
      />
      <span id={`${id}-help`} className={bad ? 'help bad' : 'help muted'}>
        {bad ? t('wf.notJson') : help}
      </span>
    </div>
  )
}

function Checks({ legend, options, value, onChange }: { legend: string; options: Array<{ value: string; label: string }>; value: string[] | undefined; onChange(next: string[] | undefined): void }) {
  const list = value ?? []
  return (
    <fieldset className="checks-box">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="check">
          <input
            type="checkbox"
            checked={list.includes(o.value)}
            onChange={(e) => {
              const next = e.target.checked ? [...list, o.value] : list.filter((x) => x !== o.value)
              onChange(next.length ? next : undefined)
            }}
          />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  )
}

/** One transition: its key and label, from and to, roles, guard, required fields, settable fields, actions. */
export function TransitionForm(props: {
  transitionKey: string
  transition: WfTransition
  states: Record<string, WfState>
  roles: Array<{ key: string; label: Label }>
  fields: string[]
  fieldLabel(f: string): string
  onRename(to: string): void
  onChange(next: WfTransition): void
}) {
  const { t } = useTranslation()
  const label = useLabel()
  const { transition: tr, transitionKey: key } = props
  const set = (patch: Partial<WfTransition>) => {
    const next: WfTransition = { ...tr, ...patch }
    for (const k of Object.keys(patch) as Array<keyof WfTransition>) if (next[k] === undefined) delete next[k]
    props.onChange(next)
  }
  const stateOptions = Object.entries(props.states).map(([k, s]) => ({ value: k, label: label(s.label, k) }))
  const fieldOptions = props.fields.map((f) => ({ value: f, label: props.fieldLabel(f) }))
  return (
    <section className="transition-form" aria-labelledby="tr-title">
      <h3 id="tr-title">{t('wf.transitionTitle', { name: label(tr.label, key) })}</h3>
      <div className="grid-fields">
        <label htmlFor="tr-key">{t('wf.key')}</label>
        <input
          id="tr-key"
          key={key}
          defaultValue={key}
          pattern="^[a-z][a-z0-9_]*$"
          onBlur={(e) => e.target.value !== key && /^[a-z][a-z0-9_]*$/.test(e.target.value) && props.onRename(e.target.value)}
        />
        <label htmlFor="tr-to">{t('wf.to')}</label>
        <select id="tr-to" value={tr.to} onChange={(e) => set({ to: e.target.value })}>
          {stateOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <LabelInputs id="tr-label" legend={t('wf.transitionLabel')} value={tr.label} onChange={(l) => set({ label: l })} />
      <Checks legend={t('wf.from')} options={stateOptions} value={tr.from} onChange={(from) => set({ from: from ?? [] })} />
      <Checks legend={t('wf.rolesAllowed')} options={props.roles.map((r) => ({ value: r.key, label: label(r.label, r.key) }))} value={tr.roles} onChange={(roles) => set({ roles })} />
      <Checks legend={t('wf.requiredFields')} options={fieldOptions} value={tr.requiredFields} onChange={(requiredFields) => set({ requiredFields })} />
      <Checks legend={t('wf.fields')} options={fieldOptions} value={tr.fields} onChange={(fields) => set({ fields })} />
      <JsonText id="tr-guard" label={t('wf.guard')} help={t('wf.guardHelp')} value={tr.guard} onChange={(guard) => set({ guard })} />
      <JsonText id="tr-actions" label={t('wf.actions')} help={t('wf.actionsHelp')} value={tr.actions} onChange={(actions) => set({ actions: actions as WfTransition['actions'] })} />
    </section>
  )
}
