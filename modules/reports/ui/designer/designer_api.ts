import { get, post } from '../../../../core/ui/src/api/client.js'
import type { ReportDoc, ReportResult } from '../../../../core/shared/reports.js'

/** A user the designer may preview a report as. */
export interface PreviewUser {
  id: string
  name: string
  login: string
  roles: string[]
}

/** The endpoints the report designer calls. */
export const designerApi = {
  /** Runs a draft report on real data, as the caller or (`asUser`) as another user; a bad draft is a 422 with pointers under `/doc`. */
  preview: (body: { doc: ReportDoc; params?: Record<string, unknown>; asUser?: string }) => post<ReportResult>('/api/v1/actions/reports.preview', body),
  /** Active users of a role (admin_builder.users). */
  users: (role?: string) => get<{ data: PreviewUser[] }>(`/api/v1/actions/admin_builder.users${role ? `?role=${encodeURIComponent(role)}` : ''}`).then((r) => r.data),
}
