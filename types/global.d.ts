/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    /** Node's own; decides minification of the build. */
    NODE_ENV: 'development' | 'production' | 'test'
    /** The platform Taro builds for. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    /** The mini-program's app id, read by Taro from `.env*` files. */
    TARO_APP_ID?: string
    /** Origin of the API for the weapp build (H5 calls its own origin). Default http://localhost:3000. */
    TARO_APP_API_BASE?: string
  }
}
