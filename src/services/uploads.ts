/**
 * Photo uploads (POST /api/uploads): one photo per call, as a multipart form with its field `file`. The weapp sends
 * the file at its local path with Taro.uploadFile; H5 sends the File the browser chose with fetch (its blob: URL
 * would need `connect-src blob:`).
 * Not through `http`: that client sends JSON. The same answers and errors all the same (ApiError).
 */
import Taro from '@tarojs/taro'
import { IDEMPOTENCY_HEADER } from '@/shared/api'
import { ERROR_MESSAGES } from '@/shared/errors'
import type { PhotoDto, UploadDto } from '@/shared/uploads'
import { API_BASE, tokenStorage } from './http'
import { ApiError, errorFromResponse } from './http-client'

const UPLOAD_TIMEOUT_MS = 60_000

/** Where an image of the API is shown from: its signed link on the API's origin. */
export const photoSrc = (photo: Pick<PhotoDto, 'url'>) => `${API_BASE}${photo.url}`

/** A photo chosen with Taro.chooseMedia (or a PDF chosen with chooseDocument): its temporary path, and on H5 the browser's File. */
export interface ChosenPhoto {
  path: string
  file?: Blob
  /** A PDF's file name, shown in place of a thumbnail. */
  name?: string
}

/** The photos chooseMedia handed back. */
export function chosenPhotos(result: Taro.chooseMedia.SuccessCallbackResult): ChosenPhoto[] {
  return result.tempFiles.map((f) => ({
    path: f.tempFilePath,
    file: (f as { originalFileObj?: Blob }).originalFileObj,
  }))
}

async function send(chosen: ChosenPhoto, header: Record<string, string>): Promise<{ status: number; data: unknown }> {
  const url = `${API_BASE}/api/uploads`
  if (process.env.TARO_ENV === 'h5') {
    const form = new FormData()
    form.append('file', chosen.file ?? (await (await fetch(chosen.path)).blob()), 'photo')
    const response = await fetch(url, { method: 'POST', headers: header, body: form })
    return { status: response.status, data: await response.json().catch(() => null) }
  }
  const response = await Taro.uploadFile({
    url,
    filePath: chosen.path,
    name: 'file',
    header,
    timeout: UPLOAD_TIMEOUT_MS,
  })
  let data: unknown = null
  try {
    data = JSON.parse(response.data)
  } catch {
    // not our JSON: judged by its status
  }
  return { status: response.statusCode, data }
}

/**
 * PDFs chosen by the user: in WeChat from a chat's files (chooseMessageFile: a phone has no file browser), in H5
 * from the browser's file dialog. Resolves empty when the user cancels.
 */
export async function chooseDocuments(count: number): Promise<ChosenPhoto[]> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = 'application/pdf,.pdf'
      input.multiple = count > 1
      input.onchange = () =>
        resolve([...(input.files ?? [])].slice(0, count).map((f) => ({ path: f.name, file: f, name: f.name })))
      input.click()
    })
  }
  try {
    const result = await Taro.chooseMessageFile({ count, type: 'file', extension: ['pdf'] })
    return result.tempFiles.map((f) => ({ path: f.path, name: f.name }))
  } catch {
    return [] // cancelled
  }
}

/**
 * Opens a PDF of the API: WeChat downloads it and opens it in its document viewer (openDocument); H5 opens the link
 * in a new tab, where the browser shows it.
 */
export async function openDocument(upload: Pick<UploadDto, 'url'>): Promise<void> {
  const url = `${API_BASE}${upload.url}`
  if (process.env.TARO_ENV === 'h5') {
    window.open(url, '_blank', 'noopener')
    return
  }
  const file = await Taro.downloadFile({ url })
  if (file.statusCode !== 200) throw new ApiError(file.statusCode, 'DOWNLOAD_FAILED', '文件下载失败，请稍后再试')
  await Taro.openDocument({ filePath: file.tempFilePath, fileType: 'pdf', showMenu: true })
}

/** Uploads a chosen photo (or PDF); retried with the same key, it is kept once. */
export async function uploadPhoto(chosen: ChosenPhoto, idempotencyKey: string): Promise<UploadDto> {
  const header: Record<string, string> = { Accept: 'application/json', [IDEMPOTENCY_HEADER]: idempotencyKey }
  const token = tokenStorage.get()
  if (token) header.Authorization = `Bearer ${token}`
  let answer: { status: number; data: unknown }
  try {
    answer = await send(chosen, header)
  } catch {
    throw new ApiError(0, 'NETWORK', ERROR_MESSAGES.NETWORK)
  }
  if (answer.status === 201 && answer.data && typeof answer.data === 'object') return answer.data as UploadDto
  throw errorFromResponse(answer.status, answer.data)
}
