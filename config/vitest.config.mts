import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * unit: pure code; api: the real app through app.request() on PGlite, or on PostgreSQL through the Neon driver
 * when TEST_DATABASE_URL is set; outage: the API while its own PostgreSQL cluster stops and starts; weapp: the weapp build in miniprogram-simulate; e2e: Chromium on the H5 app.
 */
export default defineConfig({
  root,
  resolve: { alias: { '@': `${root}src` } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          globalSetup: ['test/api/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        extends: true,
        // The S3 upload backend against a real S3-protocol server (moto_server on loopback): run by .ci/run
        // (npm run test:s3), which has moto; `npm test` needs nothing but Node.
        test: {
          name: 's3',
          include: ['test/s3/**/*.test.ts'],
          globalSetup: ['test/api/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        extends: true,
        // Its own PostgreSQL cluster, stopped and started mid-flow: run by .ci/run only (npm run test:outage).
        test: {
          name: 'outage',
          include: ['test/outage/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        extends: true,
        // miniprogram-simulate renders into a DOM. Files run in a new order each time, so none comes to rely on
        // another having run first.
        test: {
          name: 'weapp',
          include: ['test/weapp/**/*.test.ts'],
          environment: 'jsdom',
          testTimeout: 60_000,
          sequence: { shuffle: { files: true, tests: false } },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          // Each file starts its own server on a fresh database; a new order each run keeps it so.
          sequence: { shuffle: { files: true, tests: false } },
        },
      },
    ],
  },
})
