import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ValidateFunction } from 'ajv'
import { Problem } from '#core/errors/problem'
import type { ConnectorManifest } from '../types.js'

const ajv = new Ajv2020({ allErrors: true, strict: false })
const compiled = new WeakMap<object, ValidateFunction>()

/** Refuses (422, pointers under `/input`) an input that does not match the manifest action's schema. */
export function checkActionInputOf(manifest: ConnectorManifest, action: string, input: unknown) {
  const schema = manifest.actions![action].input
  let validate = compiled.get(schema)
  if (!validate) {
    const { $id: _id, ...rest } = schema
    validate = ajv.compile(rest)
    compiled.set(schema, validate)
  }
  if (validate(input)) return
  throw new Problem(
    'validation',
    (validate.errors ?? []).map((e) => ({
      pointer: `/input${e.instancePath}${e.keyword === 'required' ? '/' + (e.params as any).missingProperty : ''}`,
      message: e.message ?? e.keyword,
      code: e.keyword,
    }))
  )
}
