import { ApiError, writeHeaders } from '../api/client.js'

export interface Uploaded {
  id: string
  name: string
  size: number
  mime: string
}

/**
 * POST /api/v1/files through XMLHttpRequest, which (unlike fetch) reports upload progress:
 * `onProgress` gets 0…1. Rejects with the server's problem as an ApiError.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/v1/files')
    xhr.withCredentials = true
    for (const [k, v] of Object.entries(writeHeaders())) xhr.setRequestHeader(k, v)
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total)
    xhr.onload = () => {
      let body: any
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        body = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300 && body?.data?.id) {
        onProgress(1)
        resolve(body.data)
      } else reject(new ApiError(xhr.status, body && typeof body === 'object' ? body : { type: 'about:blank', title: xhr.statusText || String(xhr.status), status: xhr.status }))
    }
    xhr.onerror = () => reject(new Error('network error'))
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'))
    signal?.addEventListener('abort', () => xhr.abort())
    const body = new FormData()
    body.append('file', file)
    xhr.send(body)
  })
}
