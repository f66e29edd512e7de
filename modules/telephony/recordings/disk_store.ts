import { createReadStream } from 'node:fs'
import { readdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { localPath, recordingsDir } from './storage.js'
import type { RecordingStore } from './store.js'

/** Recordings as files under `VIKNO_RECORDINGS_DIR` (default `<data dir>/recordings`). */
export function diskStore(): RecordingStore {
  return {
    async size(ref) {
      const path = localPath(ref)
      const info = path ? await stat(path).catch(() => undefined) : undefined
      return info?.isFile() ? info.size : undefined
    },
    async read(ref, range) {
      const path = localPath(ref)
      if (!path) throw new Error('unsafe recording name')
      return createReadStream(path, range ?? {})
    },
    async remove(ref) {
      const path = localPath(ref)
      return (
        !!path &&
        unlink(path).then(
          () => true,
          () => false
        )
      )
    },
    sweep: (cutoff) => sweep(recordingsDir(), cutoff),
  }
}

/** Deletes files older than `cutoff` under `dir` (the recordings folder's own tree only). */
async function sweep(dir: string, cutoff: Date): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  let n = 0
  for (const e of entries) {
    const path = join(dir, e.name)
    if (e.isDirectory()) n += await sweep(path, cutoff)
    else if (e.isFile() && (await stat(path)).mtime < cutoff) {
      const gone = await unlink(path).then(
        () => true,
        () => false
      )
      if (gone) n++
    }
  }
  return n
}
