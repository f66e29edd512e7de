import { useMemo, useState } from 'react'
import Form from '@rjsf/core'
import validator from '@rjsf/validator-ajv8'
import type { ErrorSchema, RJSFSchema } from '@rjsf/utils'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../../core/ui/src/api/client.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { widgets as coreWidgets, templates } from '../../../core/ui/src/widgets/registry.js'
import type { Label } from '../../../core/shared/metadata.js'
import type { FieldError } from '../../../core/shared/problem.js'
import type { Draft } from '../api.js'
import { CheckInput, LabelInputs, ProblemsProvider, TextInput } from '../common/Inputs.js'
import { connectorsApi, publishConnector, type ConnectorDoc, type ConnectorType } from './connectors_api.js'
import { configErrors, drawnSchema, secretUiSchema } from './schema_form.js'
import { SecretWidget } from './SecretWidget.js'

const KEY = /^[a-z][a-z0-9_]{0,62}$/
const widgets = { ...coreWidgets, secret: SecretWidget }

/**
 * A connector instance's settings: key (new ones only), name, enabled, and its config drawn
 * from the type's JSON Schema by the generated screens' own rjsf theme (secrets as password or
 * environment-variable inputs). "Test connection" asks the host with the config as typed;
 * "Save and publish" publishes the document, and the server's problems show at their fields.
 */
export function ConnectorForm({ type, existing, onPublished }: { type: ConnectorType; existing?: ConnectorDoc; onPublished(key: string): void }) {
  const { t, i18n } = useTranslation()
  const [key, setKey] = useState(existing?.key ?? '')
  const [label, setLabel] = useState<Label | undefined>(existing?.label ?? { uk: '' })
  const [enabled, setEnabled] = useState(existing?.enabled ?? true)
  const [config, setConfig] = useState<Record<string, unknown>>(existing?.config ?? {})
  const [touched, setTouched] = useState(false)
  const [problems, setProblems] = useState<FieldError[]>([])
  const [extraErrors, setExtraErrors] = useState<ErrorSchema>()
  const [error, setError] = useState<unknown>()
  const [test, setTest] = useState<{ ok: boolean; detail: string } | 'testing'>()
  const [status, setStatus] = useState('')
  const [busy, setBusy] = useState(false)
  const [draft, setDraft] = useState<Draft>()
  const schema = useMemo(() => drawnSchema(type.config as RJSFSchema, i18n.language), [type, i18n.language])
  const uiSchema = useMemo(() => ({ ...secretUiSchema(type.config as RJSFSchema), 'ui:submitButtonOptions': { norender: true } }), [type])

  function showProblems(list: FieldError[], base = '/config') {
    const { extraErrors: mapped, messages } = configErrors(list, base)
    setExtraErrors(mapped)
    setProblems(messages)
  }
  // the key, name and enabled inputs show their own problems; the list has the rest
  const unplaced = problems.filter((p) => !/^\/(key|label|enabled)(\/|$)/.test(p.pointer))

  async function runTest() {
    setTest('testing')
    setError(undefined)
    try {
      // a stored instance is tested with its own (encrypted) secrets: as it runs, or with the edited form
      setTest(await connectorsApi.test(existing ? (touched ? { key: existing.key, config } : { key: existing.key }) : { type: type.key, config }))
      showProblems([])
    } catch (e) {
      setTest(undefined)
      if (e instanceof ApiError && e.errors.length) {
        // pointers of the config itself (`/port`) or of the body (`/config/port`)
        const relative = e.errors.every((x) => !x.pointer.startsWith('/config'))
        showProblems(e.errors, relative ? '' : '/config')
      } else setError(e)
    }
  }

  async function publish() {
    setBusy(true)
    setError(undefined)
    setStatus(t('connectors.publishing'))
    try {
      const doc: ConnectorDoc = {
        ...(existing ?? {}),
        $schema: '../../metadata/schemas/connector.schema.json',
        kind: 'connector',
        key,
        type: type.key,
        label: label ?? { uk: key },
        enabled,
        config,
      }
      const result = await publishConnector(doc, draft)
      setDraft(result.draft)
      showProblems(result.problems)
      if (result.problems.length) {
        setStatus(t('connectors.invalid'))
        return
      }
      setStatus(t('connectors.published', { revision: result.revision }))
      onPublished(key)
    } catch (e) {
      setStatus('')
      if (e instanceof ApiError && e.errors.length) showProblems(e.errors.map((x) => ({ ...x, pointer: x.pointer.replace(/^\/connector\/[^/]+/, '') })))
      else setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <ProblemsProvider problems={problems}>
      <section className="builder-panel connector-form" aria-labelledby="connector-settings">
        <h2 id="connector-settings">{t('connectors.settings')}</h2>
        {existing ? null : (
          <div>
            <TextInput label={t('connectors.key')} pointer="/key" value={key} onChange={setKey} />
            <p className="muted small">{t('connectors.keyHint')}</p>
          </div>
        )}
        <LabelInputs label={t('connectors.label')} pointer="/label" value={label} onChange={setLabel} />
        <CheckInput label={t('connectors.enabled')} pointer="/enabled" value={enabled} onChange={setEnabled} />
        <h3>{t('connectors.config')}</h3>
        <div className="record-form connector-config">
          <Form
            schema={schema}
            uiSchema={uiSchema}
            formData={config}
            validator={validator}
            widgets={widgets}
            templates={templates}
            noHtml5Validate
            noValidate
            showErrorList={false}
            extraErrors={extraErrors}
            onChange={(e) => {
              setConfig((e.formData ?? {}) as Record<string, unknown>)
              setTouched(true)
            }}
          />
        </div>
        {unplaced.length > 0 && (
          <div className="connector-problems" role="alert">
            <ul>
              {unplaced.map((p) => (
                <li key={p.pointer + p.message} data-pointer={p.pointer}>
                  {p.pointer ? `${p.pointer}: ` : ''}
                  {p.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {test && test !== 'testing' ? (
          <p className={`connector-test ${test.ok ? 'ok' : 'failed'}`} role="status" data-ok={test.ok}>
            <strong>{test.ok ? t('connectors.testOk') : t('connectors.testFailed')}</strong>
            {test.detail ? ` — ${test.detail}` : ''}
          </p>
        ) : null}
        <ProblemAlert error={error} />
        <div className="actions">
          <button type="button" disabled={test === 'testing'} onClick={() => void runTest()}>
            {test === 'testing' ? t('connectors.testing') : t('connectors.test')}
          </button>
          <button type="button" className="primary" disabled={busy || !KEY.test(key)} onClick={() => void publish()}>
            {t('connectors.publish')}
          </button>
          <span className="status" role="status" aria-live="polite">
            {status}
          </span>
        </div>
      </section>
    </ProblemsProvider>
  )
}
