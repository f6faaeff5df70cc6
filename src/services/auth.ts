import type { Page } from '@/shared/api'
import type { AuthResult, DevUserDto } from '@/shared/identity'
import { http } from './http'

// Login calls carry no token: a stale one would only get them refused.

/** Exchanges a `Taro.login` code for a session (weapp). */
export function loginWithWechat(code: string): Promise<AuthResult> {
  return http.post<AuthResult>('/api/auth/wechat', { code }, { anonymous: true })
}

/** The seeded demo users for the H5 chooser; 404 when the server has demo login turned off. */
export function listDevUsers(): Promise<Page<DevUserDto>> {
  return http.get<Page<DevUserDto>>('/api/auth/dev/users', { anonymous: true })
}

/** Logs in as one demo user (H5 only). */
export function loginAsDevUser(userId: string): Promise<AuthResult> {
  return http.post<AuthResult>('/api/auth/dev', { userId }, { anonymous: true })
}

/**
 * Ends this device's session on the server, so that a copy of its token is worth nothing (with `everywhere`, every
 * session of the user). The token is read when the call starts: the device may forget it at once.
 */
export function logOut(everywhere = false): Promise<void> {
  return http.post<void>('/api/auth/logout', undefined, { query: { all: everywhere ? 1 : undefined } })
}
