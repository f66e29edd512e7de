import type { FieldError } from '#core/shared/problem'

/** One thing wrong with a metadata document: where (file or kind/key, JSON pointer) and why. */
export interface MetaProblem {
  file?: string
  kind?: string
  key?: string
  pointer: string
  message: string
}

/** Invalid metadata: stops the boot, or refuses a publish, listing every problem. */
export class MetadataError extends Error {
  constructor(readonly problems: MetaProblem[]) {
    super('Invalid metadata:\n' + problems.map((p) => `  ${p.file ?? `${p.kind}/${p.key}`} ${p.pointer || '/'}: ${p.message}`).join('\n'))
    this.name = 'MetadataError'
  }

  /** As API field errors: pointers into the draft, `/<kind>/<key>/<pointer>`. */
  toFieldErrors(): FieldError[] {
    return this.problems.map((p) => ({
      pointer: `/${p.kind ?? ''}/${p.key ?? ''}${p.pointer}`,
      message: p.message,
      code: 'invalid_metadata',
    }))
  }
}
