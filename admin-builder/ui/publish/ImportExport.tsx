import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { ApiError } from '../../../core/ui/src/api/client.js'
import { ProblemAlert } from '../../../core/ui/src/components/ProblemAlert.js'
import { useDraft } from '../DraftContext.js'
import { metaApi } from '../api.js'
import { builderApi } from '../builder_api.js'
import { fileNameOf } from '../common/diff.js'

const BUNDLE = 'vikno-metadata'

/**
 * Metadata as files: export downloads one JSON bundle of `<folder>/<key>.<kind>.json` files (the
 * repository's format); import reads such a bundle or single `<key>.<kind>.json` files into the
 * draft, errors shown per file and pointer.
 */
export function ImportExport() {
  const { t } = useTranslation()
  const { boot } = useSession()
  const draft = useDraft()
  const [status, setStatus] = useState<string>()
  const [error, setError] = useState<unknown>()

  async function download() {
    setError(undefined)
    try {
      const { revision, files } = await metaApi.exportFiles()
      const bundle = { format: BUNDLE, revision, files: Object.fromEntries(Object.entries(files).map(([id, text]) => [fileNameOf(id), JSON.parse(text)])) }
      const url = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2) + '\n'], { type: 'application/json' }))
      const a = document.createElement('a')
      a.href = url
      a.download = `vikno-metadata-r${revision}.json`
      a.click()
      setTimeout(() => URL.revokeObjectURL(url), 1000)
    } catch (e) {
      setError(e)
    }
  }

  async function upload(list: FileList | null) {
    if (!list?.length) return
    setError(undefined)
    setStatus(undefined)
    const files: Record<string, string> = {}
    for (const file of Array.from(list)) {
      const text = await file.text()
      let parsed: any
      try {
        parsed = JSON.parse(text)
      } catch {}
      if (parsed?.format === BUNDLE && parsed.files && typeof parsed.files === 'object') {
        for (const [name, doc] of Object.entries(parsed.files)) files[name] = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2) + '\n'
      } else files[file.name] = text
    }
    try {
      let current = draft.draft
      if (!current) {
        current = await metaApi.createDraft()
        localStorage.setItem('vikno.admin.draft', current.id)
      }
      const result = await builderApi.importFiles(current.id, files, current.version)
      setStatus(t('builder.publish.imported', { count: result.imported.length }))
      await draft.refresh()
    } catch (e) {
      setError(e)
    }
  }

  return (
    <section aria-labelledby="io-h" className="builder-panel">
      <h2 id="io-h">{t('builder.publish.importExport')}</h2>
      <div className="row">
        {boot!.admin && (
          <button type="button" onClick={() => void download()}>
            {t('builder.publish.export')}
          </button>
        )}
        <label>
          {t('builder.publish.import')}
          <input type="file" accept=".json,application/json" multiple onChange={(e) => void upload(e.target.files)} />
        </label>
        <span className="status" role="status" aria-live="polite">
          {status}
        </span>
      </div>
      <ProblemAlert
        error={error}
        messages={error instanceof ApiError ? error.errors.map((e) => `${decodeURIComponent(e.pointer.replace(/~1/g, '/').replace(/~0/g, '~'))}: ${e.message}`) : undefined}
      />
    </section>
  )
}
