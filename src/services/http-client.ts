/**
 * The platform-free core of the API client: URL building, headers, idempotency keys and error mapping.
 * `http.ts` binds it to Taro; tests bind it to a fake, so none of this needs a mini-program runtime.
 */
import { IDEMPOTENCY_HEADER } from '@/shared/api'
import { ERROR_MESSAGES, type ErrorCode } from '@/shared/errors'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** What the client hands the platform: one HTTP request, fully formed. */
export interface PlatformRequest {
  url: string
  method: HttpMethod
  header: Record<string, string>
  data?: unknown
  timeout: number
}

/** What the platform hands back: any HTTP answer, whatever its status. */
export interface PlatformResponse {
  statusCode: number
  data: unknown
}

export interface HttpPlatform {
  /** Sends one request. Resolves with any HTTP status; rejects only when no answer arrived (offline, timeout). */
  request(req: PlatformRequest): Promise<PlatformResponse>
  getToken(): string | null
  clearToken(): void
  /** Called after a 401 cleared the token: the place to send the user to the login page. */
  onUnauthorized(): void
}

export type QueryValue = string | number | boolean | null | undefined

export interface RequestOptions {
  query?: Record<string, QueryValue>
  body?: unknown
  /** Sent as the Idempotency-Key header; reuse the same key when retrying the same user action. */
  idempotencyKey?: string
  /**
   * Send no token (the login calls): an old token must not spoil a login, and a 401 here means the login failed,
   * not that a session ended.
   */
  anonymous?: boolean
}

/** Every failed call rejects with this, and only this. `message` is ready to show to the user. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details?: unknown

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

/** Turns anything thrown into an ApiError, so callers can always show `.message`. */
export function toApiError(value: unknown): ApiError {
  if (value instanceof ApiError) return value
  return new ApiError(0, 'INTERNAL', ERROR_MESSAGES.INTERNAL)
}

const REQUEST_TIMEOUT_MS = 15_000

/** Codes for answers that carry no error body of ours (a proxy's 502, a static server's 404 page). */
const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'CONTENT_REJECTED',
  429: 'RATE_LIMITED',
  503: 'DB_UNAVAILABLE',
}

function messageFor(code: string): string {
  return (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.INTERNAL
}

/** The ApiError for a non-2xx answer: the server's own code and message, or one for its status. */
export function errorFromResponse(status: number, data: unknown): ApiError {
  const error = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error
  if (error && typeof error.code === 'string') {
    const message = typeof error.message === 'string' && error.message ? error.message : messageFor(error.code)
    return new ApiError(status, error.code, message, error.details)
  }
  const code = STATUS_CODES[status] ?? 'INTERNAL'
  return new ApiError(status, code, messageFor(code))
}

function isJsonValue(data: unknown): boolean {
  return data !== null && typeof data === 'object'
}

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

export interface HttpClient {
  request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T>
  get<T>(path: string, options?: Omit<RequestOptions, 'body' | 'idempotencyKey'>): Promise<T>
  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>
  put<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>
  patch<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>
  delete<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>
}

/**
 * Creates the API client over a platform.
 * Resolves only with a 2xx JSON answer (or nothing for 204); everything else rejects as an ApiError.
 */
export function createHttpClient(platform: HttpPlatform, baseUrl: string): HttpClient {
  async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const token = options.anonymous ? null : platform.getToken()
    const header: Record<string, string> = { Accept: 'application/json' }
    if (token) header.Authorization = `Bearer ${token}`
    const isWrite = method !== 'GET'
    if (isWrite) header['Content-Type'] = 'application/json'
    if (isWrite && options.idempotencyKey) header[IDEMPOTENCY_HEADER] = options.idempotencyKey

    let response: PlatformResponse
    try {
      response = await platform.request({
        url: `${baseUrl}${path}${buildQuery(options.query)}`,
        method,
        header,
        // A write always sends JSON; `{}` keeps weapp from sending the string "undefined" as a body.
        data: isWrite ? (options.body ?? {}) : undefined,
        timeout: REQUEST_TIMEOUT_MS,
      })
    } catch {
      throw new ApiError(0, 'NETWORK', ERROR_MESSAGES.NETWORK)
    }

    const { statusCode, data } = response
    if (statusCode === 401 && !options.anonymous) {
      // Only forget the token this request was sent with: a newer login must survive a late 401.
      if (token && platform.getToken() === token) platform.clearToken()
      platform.onUnauthorized()
      throw errorFromResponse(statusCode, data)
    }
    if (statusCode < 200 || statusCode >= 300) throw errorFromResponse(statusCode, data)
    if (statusCode === 204) return undefined as T
    // A 200 that is not our JSON (an HTML fallback page, a captive portal) is a failure, not data.
    if (!isJsonValue(data)) throw new ApiError(statusCode, 'INTERNAL', ERROR_MESSAGES.INTERNAL)
    return data as T
  }

  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    put: (path, body, options) => request('PUT', path, { ...options, body }),
    patch: (path, body, options) => request('PATCH', path, { ...options, body }),
    delete: (path, options) => request('DELETE', path, options),
  }
}

/** A random RFC 4122 v4 UUID; the mini-program runtime has no crypto.randomUUID. */
export function newIdempotencyKey(random: () => number = Math.random): string {
  const hex = '0123456789abcdef'
  let out = ''
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) out += '-'
    else if (i === 14) out += '4'
    else if (i === 19) out += hex[(Math.floor(random() * 16) & 0x3) | 0x8]
    else out += hex[Math.floor(random() * 16)]
  }
  return out
}

/**
 * Whether a failed attempt settled its action, so that its Idempotency-Key may go: the server answered it with a
 * refusal it keeps (a 4xx), or with IDEMPOTENCY_OUTCOME_UNKNOWN (the first attempt may have been done and its answer
 * lost: the resident is told to look first, and sending again is then a new action). Not settled, so the key stays
 * for the retry: no answer (offline, timeout: the write may have happened), a server error (the retry runs afresh, or
 * is answered as the first attempt turned out), 429 (refused before the key was taken) and IDEMPOTENCY_IN_PROGRESS
 * (the first attempt is still running; a new key would do the action twice).
 */
export function settlesAction(error: unknown): boolean {
  if (!isApiError(error)) return false
  const { status, code } = error
  return status >= 400 && status < 500 && status !== 429 && code !== 'IDEMPOTENCY_IN_PROGRESS'
}

/**
 * The Idempotency-Keys of a screen's writes, one per pending action. The rule, in one place:
 * - a key is made when an action (its `name`, e.g. `claim`, `approve:<id>`) is first attempted with an input;
 * - every retry of that action with the same input reuses it, so a retry after a lost answer is recognised by
 *   the server as the same write and not done twice;
 * - it is dropped once the server has answered: on success, or on a refusal that settles the action
 *   (`settlesAction`), so the next attempt is a new action rather than a replay of that answer;
 * - another input under the same name is another action, with a key of its own.
 */
export interface KeyedActions {
  run<T>(name: string, input: unknown, send: (idempotencyKey: string) => Promise<T>): Promise<T>
}

export function createKeyedActions(generate: () => string = newIdempotencyKey): KeyedActions {
  const pending = new Map<string, { key: string; fingerprint: string }>()
  return {
    async run(name, input, send) {
      const fingerprint = JSON.stringify(input ?? null)
      let held = pending.get(name)
      if (!held || held.fingerprint !== fingerprint) pending.set(name, (held = { key: generate(), fingerprint }))
      const { key } = held
      // Only this attempt's key: an attempt with other input may have replaced it meanwhile.
      const drop = () => {
        if (pending.get(name)?.key === key) pending.delete(name)
      }
      try {
        const result = await send(key)
        drop()
        return result
      } catch (e) {
        if (settlesAction(e)) drop()
        throw e
      }
    },
  }
}
