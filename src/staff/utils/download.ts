import Taro from '@tarojs/taro'
import { ROUTES } from '@/routes'
import { API_BASE, ApiError, tokenStorage } from '@/services/http'
import { exportPath } from '@/services/workbench'
import type { ExportKind, PeriodQuery } from '@/shared/workbench'
import { exportError, exportNetworkError, type ExportFailure } from './dashboard'

const fail = ({ status, code, message }: ExportFailure) => new ApiError(status, code, message)

/**
 * Downloading a CSV export, per platform. The export needs the session token in the Authorization header, so a
 * plain link will not do: H5 fetches it and saves it through a Blob link; weapp downloads it into the user's
 * files and tries to open it. Failures reject with an ApiError whose message is ready to show.
 */

export type ExportOutcome =
  /** H5: the browser saved the file. */
  | { kind: 'saved'; fileName: string }
  /** weapp: the phone opened it (WeChat's PC client, some phones). */
  | { kind: 'opened'; fileName: string }
  /** weapp: downloaded, but the phone has nothing to open a CSV with (WeChat opens Office files and PDF only). */
  | { kind: 'cannot-open'; fileName: string; filePath: string }

const IS_H5 = process.env.TARO_ENV === 'h5'

function authHeader(): Record<string, string> {
  const token = tokenStorage.get()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

async function downloadInBrowser(url: string, fileName: string): Promise<ExportOutcome> {
  let res: Response
  try {
    res = await fetch(url, { headers: authHeader() })
  } catch {
    throw fail(exportNetworkError())
  }
  if (!res.ok) throw fail(exportError(res.status, await res.text().catch(() => '')))
  // The bytes as sent, BOM included, so Excel reads the Chinese as UTF-8.
  const blob = await res.blob()
  const href = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = href
  link.download = fileName
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
  return { kind: 'saved', fileName }
}

function readText(filePath: string): string {
  try {
    return String(Taro.getFileSystemManager().readFileSync(filePath, 'utf8'))
  } catch {
    return ''
  }
}

async function downloadInWeapp(url: string, fileName: string): Promise<ExportOutcome> {
  // A named file in the user's folder (not a temp path), so the name survives when it is sent to a chat.
  const filePath = `${String(Taro.env.USER_DATA_PATH).replace(/\/+$/, '')}/${fileName}`
  let res: Taro.downloadFile.FileSuccessCallbackResult
  try {
    res = await Taro.downloadFile({ url, header: authHeader(), filePath })
  } catch {
    throw fail(exportNetworkError())
  }
  if (res.statusCode !== 200) {
    // The error's JSON was written to the file instead of a CSV.
    const body = readText(res.filePath || filePath)
    try {
      Taro.getFileSystemManager().unlinkSync(filePath)
    } catch {
      // Nothing to clean up.
    }
    throw fail(exportError(res.statusCode, body))
  }
  try {
    await Taro.openDocument({ filePath, showMenu: true })
    return { kind: 'opened', fileName }
  } catch {
    return { kind: 'cannot-open', fileName, filePath }
  }
}

/** Downloads one export of a community and period, as the signed-in staff member. */
export function downloadExport(kind: ExportKind, query: PeriodQuery, fileName: string): Promise<ExportOutcome> {
  return downloadCsv(exportPath(kind, query), fileName)
}

/** Downloads a CSV the API serves at `path`, as the signed-in staff member. */
export function downloadCsv(path: string, fileName: string): Promise<ExportOutcome> {
  const url = `${API_BASE}${path}`
  return IS_H5 ? downloadInBrowser(url, fileName) : downloadInWeapp(url, fileName)
}

/** Whether this WeChat can send a file to a chat (基础库 2.16.1+). */
export function canShareFile(): boolean {
  return !IS_H5 && typeof Taro.shareFileMessage === 'function'
}

/** Sends the downloaded file to a WeChat chat (e.g. 文件传输助手), to open on a computer. Must follow a tap. */
export async function shareFile(filePath: string, fileName: string): Promise<boolean> {
  try {
    await Taro.shareFileMessage({ filePath, fileName })
    return true
  } catch {
    return false
  }
}

/** The dashboard on the web version of the app, with the same community and period, to export from a computer. */
export function webDashboardLink(query: PeriodQuery): string {
  const origin = API_BASE || (IS_H5 ? window.location.origin : '')
  const params = `communityId=${encodeURIComponent(query.communityId)}&from=${query.from}&to=${query.to}`
  return `${origin}/#${ROUTES.staffDashboard}?${params}`
}

/** Copies a text; WeChat shows its own 内容已复制 toast. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await Taro.setClipboardData({ data: text })
    return true
  } catch {
    return false
  }
}
