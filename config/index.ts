import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

/** Where the weapp build calls the API; a `.env*` file with TARO_APP_API_BASE overrides it. */
const DEFAULT_API_BASE = 'http://localhost:3000'

const SUBSCRIBE_MOMENTS = ['wish', 'booking', 'vote', 'activity', 'problem']

/**
 * TARO_APP_SUBSCRIBE_TEMPLATES, checked once here so a mistake fails the build instead of silently asking nothing:
 * a JSON object of moment (wish, booking, vote, problem) → a template id or up to 3 of them (WeChat's limit per request).
 * Empty when unset: src/utils/subscribe.ts then asks nothing.
 */
function subscribeTemplates(raw = process.env.TARO_APP_SUBSCRIBE_TEMPLATES?.trim() ?? ''): string {
  if (!raw) return ''
  const fail = (why: string) => new Error(`TARO_APP_SUBSCRIBE_TEMPLATES: ${why}, e.g. {"wish":["<template id>"]}`)
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw fail('not valid JSON')
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw fail('must be a JSON object')
  const out: Record<string, string[]> = {}
  for (const [moment, value] of Object.entries(parsed)) {
    if (!SUBSCRIBE_MOMENTS.includes(moment)) throw fail(`unknown moment "${moment}" (${SUBSCRIBE_MOMENTS.join(', ')})`)
    const ids = ([] as unknown[]).concat(value)
    if (ids.length > 3 || !ids.every((id) => typeof id === 'string' && id)) {
      throw fail(`"${moment}" must be a template id or a list of up to 3`)
    }
    out[moment] = ids as string[]
  }
  return JSON.stringify(out)
}

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'linlitong',
    date: '2025-11-22',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // The two builds live apart: WeChat DevTools opens dist/, the local server serves dist-h5/.
    outputRoot: process.env.TARO_ENV === 'h5' ? 'dist-h5' : 'dist',
    // Roles and names for WeChat's screen reader: see the plugin.
    plugins: [path.resolve(__dirname, 'aria-plugin.ts')],
    defineConstants: {},
    // Taro's dotenv values (from .env files) are merged over these, so a file still wins.
    env: {
      TARO_APP_API_BASE: JSON.stringify(process.env.TARO_APP_API_BASE ?? DEFAULT_API_BASE),
      TARO_APP_SUBSCRIBE_TEMPLATES: JSON.stringify(subscribeTemplates()),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: true,
      // Taro already watches config/index and src/app.config; these also change the output (package.json holds
      // the babel preset and browserslist).
      buildDependencies: {
        project: ['package.json', 'config/dev.ts', 'config/prod.ts', 'config/taro-router-patch.cjs'].map((file) =>
          path.resolve(__dirname, '..', file),
        ),
      },
    },
    mini: {
      // Component styles use their own BEM classes, so the order pages import them in does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        // React, the Taro runtime and zod make a ~450 KB first load; webpack's 244 KB hint is for websites.
        chain.performance.maxEntrypointSize(600 * 1024).maxAssetSize(600 * 1024)
        // The router's H5 page stack, patched so the page on screen always matches the URL (see the loader).
        chain.module
          .rule('taro-router-patch')
          .test(/@tarojs[\\/]router[\\/]dist[\\/].*\.js$/)
          .use('patch')
          .loader(path.resolve(__dirname, 'taro-router-patch.cjs'))
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
