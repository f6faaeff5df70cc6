import { randomInt } from 'node:crypto'
import type { Page } from '../../../shared/api'
import type { AuthResult, CommunityDto, DevLoginInput, DevUserDto, MeDto, PatchMeInput } from '../../../shared/identity'
import type { Actor } from '../../auth/actor'
import type { TokenClaims, TokenService } from '../../auth/tokens'
import type { WechatClient } from '../../auth/wechat'
import type { Db } from '../../db/types'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import * as repo from './repo'

/** A first-time user is "邻居1234" until they choose a nickname. */
const newcomerNickname = () => `邻居${randomInt(1000, 10000)}`

/** A new token for the user, of their current token generation, with their profile. */
const authResultFor = (tokens: TokenService, user: repo.UserToSignIn): AuthResult => ({
  token: tokens.sign(user.me.id, user.tokenGeneration),
  user: user.me,
})

async function signIn(db: Db, tokens: TokenService, openid: string, nickname?: string): Promise<AuthResult> {
  const user = await repo.upsertUserByOpenid(db, openid, nickname ?? newcomerNickname())
  if (!user) throw AppError.forbidden('该账号已注销，如需帮助请联系社区工作人员')
  return authResultFor(tokens, user)
}

/**
 * What a WeChat openid looks like (28 letters, digits, `_` and `-`): anything else is not WeChat's, and never reaches
 * an account of a namespace of our own (`dev:`, the demo login's; `proxy:`, residents registered without WeChat).
 */
const WECHAT_OPENID = /^[A-Za-z0-9_-]{1,64}$/

export async function loginWithWechat(db: Db, tokens: TokenService, wechat: WechatClient, code: string) {
  const session = await wechat.code2session(code)
  if (!WECHAT_OPENID.test(session.openid)) throw new AppError('WECHAT_CODE_INVALID', 401)
  return signIn(db, tokens, session.openid)
}

/**
 * Where the demo login keeps the openids it is given. WeChat's own are letters, digits, `_` and `-` (28 of them), so
 * an account the demo login made and one a WeChat login made never share an openid: neither login can reach the
 * other's accounts.
 */
const DEMO_OPENID_PREFIX = 'dev:'

/**
 * The demo login: a seeded demo user by id, or an openid of the demo login's own, created the first time as WeChat
 * would; never an account a real WeChat login made.
 */
export async function loginForDemo(db: Db, tokens: TokenService, input: DevLoginInput): Promise<AuthResult> {
  if ('userId' in input) {
    const userId = await repo.findDemoUserId(db, input.userId)
    const user = userId ? await repo.findUserToSignIn(db, userId) : null
    if (!user) throw AppError.notFound('没有这个演示用户')
    return authResultFor(tokens, user)
  }
  return signIn(db, tokens, `${DEMO_OPENID_PREFIX}${input.openid}`, input.nickname)
}

/**
 * How long an ended token stays on record after it would have expired: past its end it is refused by its own
 * lifetime, on an instance whose clock runs behind the one that forgets it too.
 */
const KEEP_ENDED_TOKENS_MS = 24 * 60 * 60 * 1000

/**
 * Logging out: ends the token the request came with, or with `everywhere` every token of the user. Either is seen
 * by every instance on the user's next request (auth/session.ts).
 */
export async function logOut(db: Db, actor: Actor, token: TokenClaims, everywhere: boolean, now: Date) {
  if (everywhere) await repo.endAllTokens(db, actor.id)
  else await repo.revokeToken(db, actor.id, token, new Date(now.getTime() - KEEP_ENDED_TOKENS_MS))
}

export const listDemoUsers = (db: Db): Promise<DevUserDto[]> => repo.listDemoUsers(db)

export async function updateProfile(db: Db, actor: Actor, patch: PatchMeInput): Promise<MeDto> {
  const me = await repo.updateMe(db, actor.id, patch)
  if (!me) throw AppError.unauthenticated()
  return me
}

export async function listCommunities(db: Db, query: { limit: number; cursor?: string }): Promise<Page<CommunityDto>> {
  const after = decodeCursor(query.cursor, 'text')
  const rows = await repo.listCommunities(db, { limit: query.limit, after })
  return toPage(
    rows,
    query.limit,
    (r) => r,
    (r) => [r.name, r.id],
  )
}
