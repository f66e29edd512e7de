import { createHash, randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, stat } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import type { HttpContext } from '@adonisjs/core/http'
import { engine } from '#core/engine/engine'
import { dataDir } from '#config/paths'
import { mayDownload } from '#core/files/access'
import { badRequest, notFound } from '#core/errors/problem'

export const MAX_FILE_BYTES = 20 * 1024 * 1024
/** Types a browser may show inline; everything else is downloaded as an attachment. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'])

const filesDir = () => join(dataDir, 'files')

/** Attachments for `file` fields: upload once, then refer to the id from a record. */
export default class FilesController {
  /** POST /api/v1/files (multipart, field `file`) → 201 {id, name, mime, size, sha256}. */
  async store(ctx: HttpContext) {
    const file = ctx.request.file('file', { size: MAX_FILE_BYTES })
    if (!file) throw badRequest('send the file as multipart/form-data in the field "file"', [{ pointer: '/file', message: 'required', code: 'required' }])
    if (!file.isValid) throw badRequest(file.errors.map((e) => e.message).join('; '), [{ pointer: '/file', message: file.errors[0]?.message ?? 'invalid', code: 'invalid_file' }])
    if (!file.size) throw badRequest('empty file', [{ pointer: '/file', message: 'empty', code: 'empty' }])
    const id = randomUUID()
    await mkdir(filesDir(), { recursive: true })
    const content = await readFile(file.tmpPath!)
    const sha256 = createHash('sha256').update(content).digest('hex')
    await rename(file.tmpPath!, join(filesDir(), id)).catch(async () => {
      await file.move(filesDir(), { name: id, overwrite: true })
    })
    const mime = file.type && file.subtype ? `${file.type}/${file.subtype}`.slice(0, 127) : 'application/octet-stream'
    const name = (file.clientName || 'file').replace(/[\u0000-\u001f/\\]/g, '_').slice(0, 255)
    const [row] = await engine.knex('sys_files').insert({ id, name, mime, size: file.size, sha256, created_by: ctx.actor.id }).returning(['id', 'name', 'mime', 'size', 'sha256', 'created_at'])
    ctx.response.status(201)
    return { data: row }
  }

  /** GET /api/v1/files/:id — for its uploader and for readers of a record that refers to it. */
  async show(ctx: HttpContext) {
    const id = String(ctx.params.id)
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound()
    const file = await engine.knex('sys_files').where({ id }).first()
    if (!file || !(await mayDownload({ set: engine.set, actor: ctx.actor, db: engine.knex }, file))) throw notFound()
    const path = join(filesDir(), id)
    await stat(path).catch(() => {
      throw notFound()
    })
    const inline = INLINE.has(file.mime)
    ctx.response.header('content-type', inline ? file.mime : 'application/octet-stream')
    ctx.response.header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    ctx.response.header('content-security-policy', "default-src 'none'")
    ctx.response.stream(createReadStream(path))
  }
}
