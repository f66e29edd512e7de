import { useState, type ReactNode } from 'react'
import { useLocation } from 'wouter'
import { useTranslation } from 'react-i18next'
import type { EntityDoc, MetaDocument } from '../../../core/shared/metadata.js'
import { useSession } from '../../../core/ui/src/session/SessionContext.js'
import { useLabel } from '../../../core/ui/src/labels.js'
import { canEditKind } from '../AdminShell.js'
import { useDraft } from '../DraftContext.js'
import { DocListNav } from './DocListNav.js'
import { SelectInput, TextInput } from './Inputs.js'

const KEY = /^[a-z][a-z0-9_]{0,62}$/

/**
 * The builder's page for a kind whose documents each describe one entity (forms, lists): the
 * documents in a side list with "new" (a key and the entity), and the selected one's editor.
 * `make` builds the new document from the entity.
 */
export function EntityDocs(props: { kind: string; base: string; words: string; selected?: string; make: (key: string, entity: EntityDoc) => MetaDocument; editor: (key: string) => ReactNode }) {
  const { t } = useTranslation()
  const label = useLabel()
  const { boot } = useSession()
  const draft = useDraft()
  const [, navigate] = useLocation()
  const [key, setKey] = useState('')
  const [entityKey, setEntityKey] = useState('')
  if (!canEditKind(boot!, props.kind)) return <p>{t('builder.noAccess')}</p>
  const docs = draft.docs<MetaDocument>(props.kind).sort((a, b) => a.key.localeCompare(b.key))
  const entities = draft.docs<EntityDoc>('entity').sort((a, b) => a.key.localeCompare(b.key))

  async function create() {
    const entity = draft.doc<EntityDoc>('entity', entityKey)
    if (!entity || !KEY.test(key)) return
    await draft.save(props.kind, key, props.make(key, entity))
    navigate(`${props.base}/${key}`)
  }

  return (
    <div className="builder">
      <DocListNav base={props.base} docs={docs} selected={props.selected} words={props.words} canCreate={KEY.test(key) && !!entityKey} onCreate={() => void create()}>
        <TextInput label={t('builder.key')} pointer="/new/key" value={key} onChange={setKey} />
        <SelectInput
          label={t('builder.entity')}
          pointer="/new/entity"
          value={entityKey}
          options={[{ value: '', label: t('builder.select') }, ...entities.map((e) => ({ value: e.key, label: label(e.label) }))]}
          onChange={setEntityKey}
        />
      </DocListNav>
      {props.selected ? props.editor(props.selected) : <p className="builder-panel">{t(`${props.words}.pick`)}</p>}
    </div>
  )
}
