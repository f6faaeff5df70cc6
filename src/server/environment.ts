/** Where the process keeps its data and listens, from the environment. */
export function loadEnvironment(env: Record<string, string | undefined> = process.env) {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || '.data',
    port: Number(env.PORT || 3000),
  }
}
