import { useState } from 'react'
import { useLocation } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { EntityDoc, RoleAction, RoleDoc, RoleEntityRule } from '../../../core/shared/metadata.js'
import type { ScreenDef } from '../../../core/ui/src/extensions.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { DocListNav } from '../common/DocListNav.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { AdminShell, canEditKind } from '../AdminShell.js'
import { useDraft } from '../DraftContext.js'
import { CheckInput, JsonInput, LabelInputs, ProblemsOnly, ProblemsProvider, TextInput, useProblemsAt } from '../common/Inputs.js'
import { useDocEditor } from '../common/useDocEditor.js'
import { RolePreview } from './RolePreview.js'
import '../builder.css'

const KEY = /^[a-z][a-z0-9_]{0,62}$/
const ACTIONS: RoleAction[] = ['read', 'create', 'update', 'delete', 'import', 'export']
/** Kinds a non-admin role may be allowed to edit (entities and roles never). */
const DELEGABLE = ['request_type', 'sla', 'calendar', 'form', 'view', 'workflow', 'automation']

function RolesPage({ params }: { params: Record<string, string | undefined> }) {
  const { t } = useTranslation()
  return (
    <AdminShell title={t('builder.roles.title')}>
      <Roles selected={params.key} />
    </AdminShell>
  )
}

function Roles({ selected }: { selected?: string }) {
  const { t } = useTranslation()
  const { boot } = useSession()
  const draft = useDraft()
  const [, navigate] = useLocation()
  const [key, setKey] = useState('')
  const [name, setName] = useState('')
  if (!canEditKind(boot!, 'role')) return <p>{t('builder.noAccess')}</p>
  const roles = draft.docs<RoleDoc>('role').sort((a, b) => a.key.localeCompare(b.key))
  async function create() {
    if (!KEY.test(key) || !name) return
    await draft.save('role', key, { $schema: '../../metadata/schemas/role.schema.json', kind: 'role', key, label: { uk: name }, permissions: {} })
    navigate(`/admin/roles/${key}`)
  }
  return (
    <div className="builder">
      <DocListNav base="/admin/roles" docs={roles} selected={selected} words="builder.roles" canCreate={KEY.test(key) && !!name} onCreate={() => void create()}>
        <TextInput label={t('builder.key')} pointer="/new/key" value={key} onChange={setKey} />
        <TextInput label={t('builder.label')} pointer="/new/label" value={name} onChange={setName} />
      </DocListNav>
      <div className="stack">{selected ? <RoleEditor key={selected} roleKey={selected} /> : <p className="builder-panel">{t('builder.roles.pick')}</p>}</div>
    </div>
  )
}

function RoleEditor({ roleKey }: { roleKey: string }) {
  const { t } = useTranslation()
  const label = useLabel()
  const draft = useDraft()
  const editor = useDocEditor<RoleDoc>('role', roleKey)
  const [open, setOpen] = useState<string>()
  const role = editor.doc
  if (!role) return <p role="status">…</p>
  const entities = draft.docs<EntityDoc>('entity').sort((a, b) => label(a.label).localeCompare(label(b.label), 'uk'))
  const others = draft.docs<RoleDoc>('role').filter((r) => r.key !== role.key)
  const update = (patch: Partial<RoleDoc>) => {
    const next: Record<string, unknown> = { ...role, ...patch }
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k]
    editor.setDoc(next as RoleDoc)
  }
  const setRule = (entity: string, rule: RoleEntityRule | undefined) => {
    const permissions = { ...(role.permissions ?? {}) }
    if (rule) permissions[entity] = rule
    else delete permissions[entity]
    update({ permissions })
  }
  const toggle = (entity: string, action: RoleAction, on: boolean) => {
    const rule = role.permissions?.[entity] ?? { actions: [] }
    const actions = ACTIONS.filter((a) => (a === action ? on : rule.actions.includes(a)))
    setRule(entity, actions.length || rule.scope || rule.fields ? { ...rule, actions } : undefined)
  }
  const kinds = role.metadata?.kinds ?? []
  return (
    <>
      <ProblemsProvider problems={editor.problems}>
        <section className="builder-panel" aria-labelledby="role-h">
          <h2 id="role-h">
            {label(role.label)} <code className="muted">{role.key}</code>
          </h2>
          <ProblemsOnly pointer="" />
          <div className="row">
            <LabelInputs label={t('builder.label')} pointer="/label" value={role.label} onChange={(v) => update({ label: v ?? { uk: '' } })} />
            <CheckInput label={t('builder.roles.admin')} pointer="/admin" value={role.admin} onChange={(v) => update({ admin: v || undefined })} />
          </div>
          <fieldset className="row">
            <legend>{t('builder.roles.inherits')}</legend>
            {others.map((r) => (
              <CheckInput
                key={r.key}
                label={label(r.label)}
                pointer={`/inherits`}
                value={role.inherits?.includes(r.key)}
                onChange={(v) => {
                  const next = others.map((o) => o.key).filter((k) => (k === r.key ? v : role.inherits?.includes(k)))
                  update({ inherits: next.length ? next : undefined })
                }}
              />
            ))}
          </fieldset>
          <fieldset className="row">
            <legend>{t('builder.roles.metadataKinds')}</legend>
            {DELEGABLE.map((k) => (
              <CheckInput
                key={k}
                label={t(`builder.kindNames.${k}`, { defaultValue: k })}
                pointer={`/metadata/kinds/${kinds.indexOf(k)}`}
                value={kinds.includes(k)}
                onChange={(v) => {
                  const next = DELEGABLE.filter((x) => (x === k ? v : kinds.includes(x)))
                  update({ metadata: next.length ? { kinds: next } : undefined })
                }}
              />
            ))}
          </fieldset>
          <h3>{t('builder.roles.permissions')}</h3>
          <table className="plain perm-grid">
            <thead>
              <tr>
                <th scope="col">{t('builder.entity')}</th>
                {ACTIONS.map((a) => (
                  <th key={a} scope="col">
                    {t(`builder.roles.actions.${a}`)}
                  </th>
                ))}
                <th scope="col">
                  <span className="sr-only">{t('builder.roles.scope')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[{ key: '*', label: { uk: 'Усі сутності (*)', en: 'All entities (*)' }, fields: {} } as unknown as EntityDoc, ...entities].map((e) => {
                const rule = role.permissions?.[e.key]
                return (
                  <tr key={e.key}>
                    <th scope="row">{label(e.label)}</th>
                    {ACTIONS.map((a) => (
                      <td key={a}>
                        <input
                          type="checkbox"
                          aria-label={`${label(e.label)}: ${t(`builder.roles.actions.${a}`)}`}
                          checked={rule?.actions.includes(a) ?? false}
                          onChange={(ev) => toggle(e.key, a, ev.target.checked)}
                        />
                      </td>
                    ))}
                    <td>
                      {e.key !== '*' && (
                        <button
                          type="button"
                          aria-expanded={open === e.key}
                          onClick={() => setOpen(open === e.key ? undefined : e.key)}
                          aria-label={t('builder.roles.fieldRules', { entity: label(e.label) })}
                        >
                          …
                        </button>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {open && <RuleDetails key={open} entity={entities.find((e) => e.key === open)!} rule={role.permissions?.[open]} onChange={(r) => setRule(open, r)} />}
          <div className="form-actions">
            <button type="button" className="primary" disabled={editor.busy} onClick={() => void editor.save()}>
              {t('builder.save')}
            </button>
            <span className="status" role="status" aria-live="polite">
              {editor.status}
            </span>
          </div>
          <ProblemAlert error={editor.error} />
        </section>
      </ProblemsProvider>
      <RolePreview roleKey={role.key} entities={entities} />
    </>
  )
}

/** A role's row scope (a filter) and field rules on one entity. */
function RuleDetails({ entity, rule, onChange }: { entity: EntityDoc; rule?: RoleEntityRule; onChange(r: RoleEntityRule | undefined): void }) {
  const { t } = useTranslation()
  const label = useLabel()
  const at = `/permissions/${entity.key}`
  const [scopeText, setScopeText] = useState(rule?.scope ? JSON.stringify(rule.scope) : '')
  const problems = useProblemsAt(`${at}/scope`, true)
  const base: RoleEntityRule = rule ?? { actions: [] }
  const setField = (field: string, value: string) => {
    const fields = { ...(base.fields ?? {}) }
    if (value) fields[field] = value as 'hidden' | 'readOnly'
    else delete fields[field]
    onChange({ ...base, fields: Object.keys(fields).length ? fields : undefined })
  }
  return (
    <fieldset className="stack field-card">
      <legend>{t('builder.roles.fieldRules', { entity: label(entity.label) })}</legend>
      <JsonInput
        label={t('builder.roles.scope')}
        pointer={`${at}/scope`}
        text={scopeText}
        onText={(v) => {
          setScopeText(v)
          try {
            onChange({ ...base, scope: v.trim() ? JSON.parse(v) : undefined })
          } catch {}
        }}
      />
      {problems.length === 0 && <p className="muted">{'{"contractor": {"eq": "$user.counterparty"}}'}</p>}
      <table className="plain">
        <tbody>
          {Object.entries(entity.fields).map(([name, def]) => (
            <tr key={name}>
              <th scope="row">{label(def.label, name)}</th>
              <td>
                <select aria-label={label(def.label, name)} value={base.fields?.[name] ?? ''} onChange={(e) => setField(name, e.target.value)}>
                  <option value="">{t('builder.roles.visible')}</option>
                  <option value="readOnly">{t('builder.roles.readOnly')}</option>
                  <option value="hidden">{t('builder.roles.hidden')}</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  )
}

export const screen: ScreenDef[] = [
  { path: '/admin/roles', Component: RolesPage, adminTab: { label: { uk: 'Ролі', en: 'Roles' }, order: 60, kinds: ['role'] } },
  { path: '/admin/roles/:key', Component: RolesPage },
]
