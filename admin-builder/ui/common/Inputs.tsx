import { createContext, useContext, useId, type ReactNode } from 'react'
import type { FieldError } from '../../../core/shared/problem.js'
import type { Label } from '../../../core/shared/metadata.js'

/** Problems of the document being designed, pointers relative to it (`/fields/x/type`). */
const ProblemsCtx = createContext<FieldError[]>([])

export function ProblemsProvider({ problems, children }: { problems: FieldError[]; children: ReactNode }) {
  return <ProblemsCtx.Provider value={problems}>{children}</ProblemsCtx.Provider>
}

/** The problems at exactly this pointer (and, with `deep`, below it). */
export function useProblemsAt(pointer: string, deep = false): FieldError[] {
  const all = useContext(ProblemsCtx)
  return all.filter((p) => p.pointer === pointer || (deep && p.pointer.startsWith(`${pointer}/`)))
}

interface Base {
  label: string
  /** JSON pointer in the document: its problems are shown under the input. */
  pointer: string
}

/** An input with its label and the validation messages at its pointer, tied by aria-describedby. */
function Field({ label, pointer, children, check }: Base & { check?: boolean; children: (a: { id: string; invalid: boolean; describedBy?: string }) => ReactNode }) {
  const id = useId()
  const problems = useProblemsAt(pointer, true)
  const errId = problems.length ? `${id}-err` : undefined
  const control = children({ id, invalid: problems.length > 0, describedBy: errId })
  return (
    <div className={check ? 'field check' : 'field'}>
      {check ? (
        <>
          {control} <label htmlFor={id}>{label}</label>
        </>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>
          {control}
        </>
      )}
      {errId && (
        <p className="field-error" id={errId} data-pointer={pointer}>
          {problems.map((p) => p.message).join('; ')}
        </p>
      )}
    </div>
  )
}

export function TextInput({
  label,
  pointer,
  value,
  onChange,
  type = 'text',
  placeholder,
  size,
}: Base & { value: string | number | undefined; onChange(v: string): void; type?: string; placeholder?: string; size?: number }) {
  return (
    <Field label={label} pointer={pointer}>
      {(a) => (
        <input
          id={a.id}
          type={type}
          size={size}
          placeholder={placeholder}
          value={value ?? ''}
          aria-invalid={a.invalid || undefined}
          aria-describedby={a.describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  )
}

export function CheckInput({ label, pointer, value, onChange }: Base & { value: boolean | undefined; onChange(v: boolean): void }) {
  return (
    <Field label={label} pointer={pointer} check>
      {(a) => <input id={a.id} type="checkbox" checked={value === true} aria-invalid={a.invalid || undefined} aria-describedby={a.describedBy} onChange={(e) => onChange(e.target.checked)} />}
    </Field>
  )
}

export function SelectInput({ label, pointer, value, options, onChange }: Base & { value: string | undefined; options: Array<{ value: string; label: string }>; onChange(v: string): void }) {
  return (
    <Field label={label} pointer={pointer}>
      {(a) => (
        <select id={a.id} value={value ?? ''} aria-invalid={a.invalid || undefined} aria-describedby={a.describedBy} onChange={(e) => onChange(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

/** A bilingual label: Ukrainian (required by the meta-schema) and English. */
export function LabelInputs({ label, pointer, value, onChange }: Base & { value: Label | undefined; onChange(v: Label | undefined): void }) {
  const set = (lang: 'uk' | 'en', text: string) => {
    const next: Label = { uk: value?.uk ?? '', ...(value?.en ? { en: value.en } : {}), [lang]: text }
    if (!next.en) delete next.en
    onChange(next.uk || next.en ? next : undefined)
  }
  return (
    <>
      <TextInput label={`${label} (укр.)`} pointer={`${pointer}/uk`} value={value?.uk} onChange={(v) => set('uk', v)} />
      <TextInput label={`${label} (English)`} pointer={`${pointer}/en`} value={value?.en} onChange={(v) => set('en', v)} />
      <ProblemsOnly pointer={pointer} />
    </>
  )
}

/** Problems at exactly this pointer with no input of their own (e.g. a missing label). */
export function ProblemsOnly({ pointer }: { pointer: string }) {
  const problems = useProblemsAt(pointer)
  if (!problems.length) return null
  return (
    <p className="field-error" role="alert" data-pointer={pointer}>
      {problems.map((p) => p.message).join('; ')}
    </p>
  )
}

/** JSON text edited as text; `onChange` receives the parsed value, or an error message. */
export function JsonInput({ label, pointer, text, onText }: Base & { text: string; onText(t: string): void }) {
  return (
    <Field label={label} pointer={pointer}>
      {(a) => <textarea id={a.id} rows={3} spellCheck={false} value={text} aria-invalid={a.invalid || undefined} aria-describedby={a.describedBy} onChange={(e) => onText(e.target.value)} />}
    </Field>
  )
}
