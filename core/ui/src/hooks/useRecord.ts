import { useCallback, useEffect, useRef, useState } from 'react'
import type { UiBootstrap, UiEntity } from '../types/bootstrap.js'
import type { RecordData, TransitionsResult } from '../api/types.js'
import { ApiError, get, recordsPath } from '../api/client.js'
import { loadNames, rememberIncluded } from '../api/references.js'
import { subscribe } from '../api/realtime.js'

/** Reference fields the record page names through `include`. */
function includes(entity: UiEntity) {
  return Object.entries(entity.fields)
    .filter(([, f]) => f.type === 'reference' && f.toReadable)
    .map(([n]) => n)
}

/**
 * One record, its allowed transitions, and whether someone else changed it since it was
 * loaded (its `record:<key>:<id>` room).
 */
export function useRecord(boot: UiBootstrap, entity: UiEntity, id: string) {
  const [record, setRecord] = useState<RecordData>()
  const [transitions, setTransitions] = useState<TransitionsResult>()
  const [error, setError] = useState<ApiError | Error>()
  const [changedElsewhere, setChangedElsewhere] = useState(false)

  const load = useCallback(async () => {
    try {
      const include = includes(entity).join(',')
      const res = await get<{ data: RecordData; included?: Record<string, Record<string, RecordData>> }>(recordsPath(entity.key, id, { include: include || undefined }))
      rememberIncluded(boot, res.included)
      for (const [name, f] of Object.entries(entity.fields)) {
        const ids = res.data[name]
        if (f.type === 'multi_reference' && f.to && f.toReadable && Array.isArray(ids) && ids.length) await loadNames(boot, f.to, ids as string[]).catch(() => {})
      }
      for (const who of [res.data.created_by, res.data.updated_by]) if (typeof who === 'string') await loadNames(boot, 'user', [who]).catch(() => {})
      setRecord(res.data)
      setError(undefined)
      setChangedElsewhere(false)
      if (entity.workflow && entity.can.update) setTransitions(await get<TransitionsResult>(`${recordsPath(entity.key, id)}/transitions`))
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)))
    }
  }, [boot, entity, id])

  useEffect(() => {
    void load()
  }, [load])

  // our own saves raise the same event: only a version we still do not have a moment later is someone else's
  const version = useRef(0)
  version.current = record?.version ?? 0
  useEffect(
    () =>
      subscribe(`record:${entity.key}:${id}`, (event) => {
        setTimeout(() => event.version > version.current && setChangedElsewhere(true), 1000)
      }),
    [entity.key, id]
  )

  return { record, setRecord, transitions, error, changedElsewhere, reload: load }
}
