/**
 * The session of this device: the token, the current user (MeDto) and whether it is loaded.
 * A tiny external store (read through useSyncExternalStore in use-session.ts), so every page,
 * whatever React tree Taro mounts it in, sees the same session and re-renders when it changes.
 */
import Taro from '@tarojs/taro'
import type { MeDto } from '@/shared/identity'
import { onSessionExpired, tokenStorage, toApiError, type ApiError } from '@/services/http'
import { getMe } from '@/services/me'
import { prefersLargeText } from '@/utils/large-text'

/** Elder mode is also remembered on the device, so the very first screen already has large text. */
const ELDER_KEY = 'llt.elderMode'
/**
 * Set once the person holding this phone has chosen (the switch, the home page's entry, or the offer): until then
 * a phone set to large text gets elder mode, and the first page offers it.
 */
const ELDER_CHOSEN_KEY = 'llt.elderModeChosen'

export type MeStatus = 'idle' | 'loading' | 'ready' | 'error'

export interface SessionState {
  token: string | null
  me: MeDto | null
  meStatus: MeStatus
  meError: ApiError | null
  /**
   * The elder-mode preference to render with: the server's once loaded, the device's until then; on a phone set to
   * large text, on until the user chooses.
   */
  elderMode: boolean
  /** The user has chosen elder mode on or off on this device (so it is not offered again). */
  elderModeChosen: boolean
}

type Listener = () => void

function readElderMode(): boolean {
  return Taro.getStorageSync(ELDER_KEY) === true
}

const elderModeChosen = (): boolean => Taro.getStorageSync(ELDER_CHOSEN_KEY) === true

/** The user's setting, or the phone's large text while the user has not chosen. */
const elderModeFor = (saved: boolean): boolean => saved || (!elderModeChosen() && prefersLargeText())

let state: SessionState = {
  token: tokenStorage.get(),
  me: null,
  meStatus: 'idle',
  meError: null,
  elderMode: elderModeFor(readElderMode()),
  elderModeChosen: elderModeChosen(),
}
const listeners = new Set<Listener>()
let inFlight: Promise<MeDto | null> | null = null

function setState(patch: Partial<SessionState>): void {
  state = { ...state, ...patch }
  listeners.forEach((listener) => listener())
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function getSession(): SessionState {
  return state
}

/** Stores a fresh user (from login, GET or PATCH /api/me) and follows its elder-mode setting. */
export function setMe(me: MeDto): void {
  if (me.elderMode !== readElderMode()) Taro.setStorageSync(ELDER_KEY, me.elderMode)
  setState({ me, meStatus: 'ready', meError: null, elderMode: elderModeFor(me.elderMode) })
}

/** Remembers that the user chose (the switch, the home page's entry, or an answer to the offer). */
export function chooseElderMode(): void {
  Taro.setStorageSync(ELDER_CHOSEN_KEY, true)
  setState({ elderModeChosen: true })
}

export function signIn(token: string, me: MeDto): void {
  tokenStorage.set(token)
  setState({ token })
  setMe(me)
}

/** Forgets the session on this device. The elder-mode preference stays: it belongs to the person holding the phone. */
export function signOut(): void {
  tokenStorage.clear()
  inFlight = null
  setState({ token: null, me: null, meStatus: 'idle', meError: null })
}

/** Loads /api/me once; concurrent callers share the request. `force` reloads even when loaded. */
export function loadMe(force = false): Promise<MeDto | null> {
  if (!state.token) return Promise.resolve(null)
  if (inFlight) return inFlight
  if (state.meStatus === 'ready' && !force) return Promise.resolve(state.me)
  setState({ meStatus: 'loading', meError: null })
  const request = getMe()
    .then((me) => {
      setMe(me)
      return me
    })
    .catch((error: unknown) => {
      // After a 401 the expiry handler has already reset the state; leave it as it is.
      if (state.token) setState({ meStatus: 'error', meError: toApiError(error) })
      throw toApiError(error)
    })
    .finally(() => {
      if (inFlight === request) inFlight = null
    })
  inFlight = request
  return request
}

/** Shows a setting at once (elder mode) before the server confirms it; `setMe` settles it. */
export function previewElderMode(elderMode: boolean): void {
  setState({ elderMode })
}

onSessionExpired(() => signOut())
