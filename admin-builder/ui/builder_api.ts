import { get, post } from '../../core/ui/src/api/client.js'
import type { UiBootstrap } from '../../core/ui/src/types/bootstrap.js'
import type { RecordData } from '../../core/ui/src/api/types.js'
import type { Draft } from './api.js'
import type { FieldTypeInfo } from '../../core/shared/metadata_api.js'

export type { FieldTypeInfo }

export interface PreviewResult {
  bootstrap: UiBootstrap
  page?: { entity: string; data: RecordData[]; error?: string }
}

/** The admin builder's own endpoints (admin-builder/server/builder_controller.ts). */
export const builderApi = {
  fieldTypes: () => get<{ data: FieldTypeInfo[] }>('/api/v1/meta/field-types').then((r) => r.data),
  /** The bootstrap (and a list page) a sample user would see, on the draft's metadata. */
  preview: (body: { draft?: string; roles?: string[]; attributes?: Record<string, unknown>; entity?: string }) => post<PreviewResult>('/api/v1/meta/preview', body),
  importFiles: (draftId: string, files: Record<string, string>, version: number) => post<Draft & { imported: string[] }>(`/api/v1/meta/drafts/${draftId}/import`, { files, version }),
}
