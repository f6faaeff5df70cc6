import { memo, useMemo } from 'react'
import { View } from '@tarojs/components'
import { qrRows } from '@/utils/qr'
import './index.scss'

interface Props {
  value: string
  /** Read by screen readers instead of the pattern. */
  label?: string
}

/**
 * A QR code drawn with Views (no canvas, so it renders alike in WeChat and H5): a square of flex rows whose runs
 * take their share of the width. The white margin around it is the quiet zone scanners need.
 */
export const QrCode = memo(function QrCode({ value, label }: Props) {
  const rows = useMemo(() => qrRows(value), [value])
  return (
    <View className="qr" aria-label={label ?? `二维码：${value}`} role="img">
      <View className="qr__matrix">
        {rows.map((runs, r) => (
          <View key={r} className="qr__row">
            {runs.map((run, i) => (
              <View
                key={i}
                className={run.dark ? 'qr__run qr__run--dark' : 'qr__run'}
                style={{ flexGrow: run.length }}
              />
            ))}
          </View>
        ))}
      </View>
    </View>
  )
})
