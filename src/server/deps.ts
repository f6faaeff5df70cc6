import type { TokenService } from './auth/tokens'
import type { WechatClient } from './auth/wechat'
import type { AppConfig } from './config'
import type { Db } from './db/types'
import type { UploadUrls } from './features/uploads/urls'
import type { Clock } from './lib/clock'
import type { Logger } from './lib/logger'
import type { ObjectStore } from './lib/storage'

/** Everything the routers need, built once by createApp. */
export interface Deps {
  /** The database as it is. A request sends through `c.get('db')`, which confirms the caller (db/guarded-db.ts). */
  db: Db
  config: AppConfig
  clock: Clock
  log: Logger
  tokens: TokenService
  wechat: WechatClient
  /** Where uploaded files' bytes are kept (config.storage). */
  storage: ObjectStore
  /** Signed links to uploaded images. */
  uploadUrls: UploadUrls
}
