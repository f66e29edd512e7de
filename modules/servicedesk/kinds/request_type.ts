import type { MetaDocument } from '#core/shared/metadata'
import type { ModuleKind } from '#core/modules/define'
import { validateFilter } from '#core/filter/index'
import { filterSchemaOf } from '#core/metadata/filter_schema'
import { ajv } from '#core/validation/ajv'
import { schemaPatterns, unsafePatternReason } from '#core/validation/safe_pattern'

export interface RequestTypeDoc extends MetaDocument {
  kind: 'request_type'
  label: { uk: string; en?: string }
  category: string
  keywords?: string[]
  sla: string
  workflow: string
  defaultPriority?: 'low' | 'normal' | 'high' | 'emergency'
  /** false = retired: not offered for new requests; existing requests keep it. */
  active?: boolean
  /** The type's own targets over its SLA's, per priority. */
  slaTargets?: Partial<Record<'low' | 'normal' | 'high' | 'emergency', { response?: string; resolution?: string }>>
  fields?: Record<string, Record<string, unknown>>
  requiredFields?: string[]
  routing?: Array<{ when?: unknown; hours?: { from: string; to: string }; counterparty: string; queue?: string }>
  channels?: string[]
  public?: boolean
  publicCode?: string
  /** The code word of a one-line SMS request ("ВОДА Київська 12 кв 5"). */
  smsCode?: string
  instructions?: { uk: string; en?: string }
  redirect?: { message: { uk: string; en?: string }; phone?: string; counterparty?: string; record?: boolean }
  duplicateWindow?: string
}

/** Request types: what a resident can ask for, with its SLA, workflow, extra fields and routing. */
export const requestTypeKind: ModuleKind = {
  kind: 'request_type',
  schema: 'schemas/request_type.schema.json',
  check(doc, set, report) {
    const rt = doc as RequestTypeDoc
    if (!set.get('sla', rt.sla)) report('/sla', `no sla "${rt.sla}"`)
    const wf = set.get<MetaDocument & { entity: string }>('workflow', rt.workflow)
    if (!wf) report('/workflow', `no workflow "${rt.workflow}"`)
    else if (wf.entity !== 'ticket') report('/workflow', `workflow "${rt.workflow}" is for ${wf.entity}, not ticket`)
    for (const [name, schema] of Object.entries(rt.fields ?? {})) {
      // supervisors publish these: no catastrophic regular expressions (ReDoS)
      for (const { pointer, pattern } of schemaPatterns(schema, `/fields/${name}`)) {
        const unsafe = unsafePatternReason(pattern)
        if (unsafe) report(pointer, unsafe)
      }
      try {
        ajv.compile(schema)
      } catch (error: any) {
        report(`/fields/${name}`, `not a valid JSON Schema: ${error.message}`)
      }
    }
    rt.requiredFields?.forEach((f, i) => {
      if (!rt.fields?.[f]) report(`/requiredFields/${i}`, `no field "${f}" in this type`)
    })
    // the request's categories and those companies are made responsible for are one list in two
    // entities (routing joins them): a category missing from either is refused here
    for (const entity of ['ticket', 'object_responsibility']) {
      const categories = (set.entity(entity)?.fields.category as { options?: string[] } | undefined)?.options
      if (categories && !categories.includes(rt.category)) report('/category', `no category "${rt.category}" among ${entity}.category (${categories.join(', ')})`)
    }
    if (set.entity('ticket')) {
      rt.routing?.forEach((rule, i) => {
        if (rule.when) for (const e of validateFilter(filterSchemaOf(set), 'ticket', rule.when, { reverse: false })) report(`/routing/${i}/when${e.pointer}`, e.message)
      })
    }
    const publicCodes = set.list<RequestTypeDoc>('request_type').filter((o) => o.key !== rt.key && rt.publicCode && o.publicCode === rt.publicCode)
    if (publicCodes.length) report('/publicCode', `also used by ${publicCodes[0].key}`)
    // the bot reads the first word of a message in any case: codes differing only in case clash
    const code = rt.smsCode?.toLocaleUpperCase('uk')
    const smsCodes = code ? set.list<RequestTypeDoc>('request_type').filter((o) => o.key !== rt.key && o.smsCode?.toLocaleUpperCase('uk') === code) : []
    if (smsCodes.length) report('/smsCode', `also used by ${smsCodes[0].key}`)
  },
}
