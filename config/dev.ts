import type { UserConfigExport } from '@tarojs/cli'

export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    // Keep the dev server off other interfaces of the machine.
    devServer: { host: '127.0.0.1' },
  },
} satisfies UserConfigExport<'webpack5'>
