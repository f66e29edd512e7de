import { useState } from 'react'
import { Link } from 'wouter'
import { useTranslation } from 'react-i18next'
import { useLabel } from '../../../core/ui/src/labels.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import type { MetaDocument } from '../api.js'
import { useDraft } from '../DraftContext.js'
import { Loading, LabelInputs, ProblemList, PublishBar, SaveBar } from '../common/EditorParts.js'
import { useDocEditor } from '../common/useDocEditor.js'
import { WorkflowDiagram, type WfState, type WfTransition } from './WorkflowDiagram.js'
import { TransitionForm } from './TransitionForm.js'
import './workflows.css'

const CATEGORIES = ['new', 'open', 'paused', 'resolved', 'closed', 'cancelled'] as const
type Label = { uk: string; en?: string }
export type WorkflowDoc = MetaDocument & {
  label: Label
  entity: string
  field: string
  initial: string
  states: Record<string, WfState>
  transitions: Record<string, WfTransition>
}

/** A key typed in place: applied when the input loses focus (so a rename is one change). */
function KeyInput({ id, label, value, onRename }: { id: string; label: string; value: string; onRename(next: string): void }) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} key={value} defaultValue={value} pattern="^[a-z][a-z0-9_]*$" onBlur={(e) => e.target.value !== value && /^[a-z][a-z0-9_]*$/.test(e.target.value) && onRename(e.target.value)} />
    </>
  )
}

const renameIn = (list: string[] | undefined, from: string, to: string) => list?.map((s) => (s === from ? to : s))

/** A workflow: the diagram, its states and transitions (roles, guard, required fields, actions), validated by the server. */
export function WorkflowEditor({ workflowKey }: { workflowKey: string }) {
  const { t, i18n } = useTranslation()
  const label = useLabel()
  const { boot } = useSession()
  const editor = useDocEditor<WorkflowDoc>('workflow', workflowKey)
  const roles = useDraft().docs<MetaDocument & { label: Label }>('role')
  const [selected, setSelected] = useState<{ kind: 'state' | 'transition'; key: string }>()
  const doc = editor.doc
  if (editor.loading) return <Loading failed={editor.failed} />
  if (!doc) return <p role="alert">{t('wf.notFound', { key: workflowKey })}</p>
  const change = (patch: Partial<WorkflowDoc>) => editor.change({ ...doc, ...patch })
  const entity = boot?.entities.find((e) => e.key === doc.entity)

  const renameState = (from: string, to: string) => {
    if (doc.states[to]) return
    const states = Object.fromEntries(Object.entries(doc.states).map(([k, v]) => [k === from ? to : k, v]))
    const transitions = Object.fromEntries(Object.entries(doc.transitions).map(([k, tr]) => [k, { ...tr, from: renameIn(tr.from, from, to)!, to: tr.to === from ? to : tr.to }]))
    change({ states, transitions, initial: doc.initial === from ? to : doc.initial })
  }
  const removeState = (key: string) => {
    const states = { ...doc.states }
    delete states[key]
    // transitions into the state go with it; those out of it lose it as a source
    const transitions = Object.fromEntries(
      Object.entries(doc.transitions)
        .filter(([, tr]) => tr.to !== key)
        .map(([k, tr]) => [k, { ...tr, from: tr.from.filter((f) => f !== key) }] as const)
        .filter(([, tr]) => tr.from.length > 0)
    )
    change({ states, transitions })
  }
  const addState = () => {
    let n = Object.keys(doc.states).length + 1
    while (doc.states[`state_${n}`]) n++
    change({ states: { ...doc.states, [`state_${n}`]: { label: { uk: t('wf.newState') }, category: 'open' } } })
    setSelected({ kind: 'state', key: `state_${n}` })
  }
  const addTransition = () => {
    let n = Object.keys(doc.transitions).length + 1
    while (doc.transitions[`transition_${n}`]) n++
    const key = `transition_${n}`
    change({ transitions: { ...doc.transitions, [key]: { label: { uk: t('wf.newTransition') }, from: [doc.initial], to: doc.initial } } })
    setSelected({ kind: 'transition', key })
  }
  const renameTransition = (from: string, to: string) => {
    if (doc.transitions[to]) return
    change({ transitions: Object.fromEntries(Object.entries(doc.transitions).map(([k, v]) => [k === from ? to : k, v])) })
    if (selected?.kind === 'transition' && selected.key === from) setSelected({ kind: 'transition', key: to })
  }
  const selectedTransition = selected?.kind === 'transition' ? doc.transitions[selected.key] : undefined

  return (
    <div className="wf-editor rt-editor">
      <p>
        <Link href="/admin/workflows">{t('wf.back')}</Link>
      </p>
      <ProblemList problems={editor.problems} />
      <WorkflowDiagram
        initial={doc.initial}
        states={doc.states}
        transitions={doc.transitions}
        lang={i18n.language}
        selected={selected}
        onSelect={setSelected}
        ariaLabel={t('wf.diagram', { name: label(doc.label, workflowKey) })}
      />
      <p className="muted legend">{t('wf.legend')}</p>
      <LabelInputs id="wf-label" legend={t('rt.name')} value={doc.label} onChange={(l) => change({ label: l })} />

      <section aria-labelledby="wf-states">
        <h2 id="wf-states">{t('wf.states')}</h2>
        <table className="records wf-states">
          <thead>
            <tr>
              <th scope="col">{t('wf.key')}</th>
              <th scope="col">{t('ab.uk')}</th>
              <th scope="col">{t('ab.en')}</th>
              <th scope="col">{t('wf.category')}</th>
              <th scope="col">{t('wf.initial')}</th>
              <th scope="col">
                <span className="sr-only">{t('wf.actionsCol')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(doc.states).map(([key, s]) => {
              const name = label(s.label, key)
              const set = (patch: Partial<WfState>) => change({ states: { ...doc.states, [key]: { ...s, ...patch } } })
              return (
                <tr key={key} className={selected?.kind === 'state' && selected.key === key ? 'selected' : undefined}>
                  <td>
                    <KeyInput id={`st-${key}-key`} label={t('wf.stateKey', { name })} value={key} onRename={(to) => renameState(key, to)} />
                  </td>
                  <td>
                    <label htmlFor={`st-${key}-uk`} className="sr-only">
                      {t('wf.stateUk', { key })}
                    </label>
                    <input id={`st-${key}-uk`} value={s.label.uk} onChange={(e) => set({ label: { ...s.label, uk: e.target.value } })} />
                  </td>
                  <td>
                    <label htmlFor={`st-${key}-en`} className="sr-only">
                      {t('wf.stateEn', { key })}
                    </label>
                    <input id={`st-${key}-en`} value={s.label.en ?? ''} onChange={(e) => set({ label: { ...s.label, en: e.target.value || undefined } as Label })} />
                  </td>
                  <td>
                    <label htmlFor={`st-${key}-cat`} className="sr-only">
                      {t('wf.stateCategory', { name })}
                    </label>
                    <select id={`st-${key}-cat`} value={s.category} onChange={(e) => set({ category: e.target.value })}>
                      {CATEGORIES.map((c) => (
                        <option key={c} value={c}>
                          {t(`wf.categories.${c}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input type="radio" name="wf-initial" aria-label={t('wf.initialOf', { name })} checked={doc.initial === key} onChange={() => change({ initial: key })} />
                  </td>
                  <td>
                    <button type="button" className="link" disabled={doc.initial === key} onClick={() => removeState(key)}>
                      {t('wf.removeState', { name })}
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <button type="button" onClick={addState}>
          {t('wf.addState')}
        </button>
      </section>

      <section aria-labelledby="wf-transitions">
        <h2 id="wf-transitions">{t('wf.transitions')}</h2>
        <table className="records wf-transitions">
          <thead>
            <tr>
              <th scope="col">{t('wf.transition')}</th>
              <th scope="col">{t('wf.fromTo')}</th>
              <th scope="col">{t('wf.roles')}</th>
              <th scope="col">
                <span className="sr-only">{t('wf.actionsCol')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(doc.transitions).map(([key, tr]) => (
              <tr key={key} className={selected?.kind === 'transition' && selected.key === key ? 'selected' : undefined}>
                <td>
                  {label(tr.label, key)} <code>{key}</code>
                </td>
                <td>
                  {tr.from.map((f) => label(doc.states[f]?.label, f)).join(', ')} → {label(doc.states[tr.to]?.label, tr.to)}
                </td>
                <td>{tr.roles?.join(', ') ?? t('wf.anyone')}</td>
                <td>
                  <button type="button" onClick={() => setSelected({ kind: 'transition', key })}>
                    {t('wf.editTransition', { name: label(tr.label, key) })}
                  </button>{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      const transitions = { ...doc.transitions }
                      delete transitions[key]
                      change({ transitions })
                    }}
                  >
                    {t('wf.removeTransition', { name: label(tr.label, key) })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={addTransition}>
          {t('wf.addTransition')}
        </button>
        {selected?.kind === 'transition' && selectedTransition && (
          <TransitionForm
            key={selected.key}
            transitionKey={selected.key}
            transition={selectedTransition}
            states={doc.states}
            roles={roles}
            fields={entity ? Object.keys(entity.fields).filter((f) => f !== doc.field) : []}
            fieldLabel={(f) => label(entity?.fields[f]?.label, f)}
            onRename={(to) => renameTransition(selected.key, to)}
            onChange={(tr) => change({ transitions: { ...doc.transitions, [selected.key]: tr } })}
          />
        )}
      </section>
      <SaveBar editor={editor} />
      <PublishBar />
    </div>
  )
}
