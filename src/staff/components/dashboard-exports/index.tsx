import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { EXPORT_KIND_LABELS, EXPORT_KINDS, type ExportKind, type PeriodQuery } from '@/shared/workbench'
import type { ExportNotice } from '../../hooks/use-dashboard'
import { canShareFile, copyText, shareFile, webDashboardLink } from '../../utils/download'
import { control } from '@/components/aria'
import './index.scss'

interface Props {
  /** The community and days of the figures above; null while they cannot be asked for. */
  query: PeriodQuery | null
  exporting: ExportKind | null
  notice: ExportNotice | null
  onExport: (kind: ExportKind) => void
  onDismiss: () => void
}

/** Downloaded but not openable on this phone: send it to a chat for a computer, or copy the web page's link. */
function CannotOpen({ notice, query }: { notice: Extract<ExportNotice, { kind: 'cannot-open' }>; query: PeriodQuery }) {
  const copyLink = async () => {
    if (!(await copyText(webDashboardLink(query)))) {
      void Taro.showToast({ title: '没有复制成功，请再试一次', icon: 'none' })
    }
  }
  return (
    <View className="dashboard-exports__notice dashboard-exports__notice--warning">
      <View className="dashboard-exports__notice-title">表格已下载，但手机上打不开 CSV 文件</View>
      <View className="dashboard-exports__notice-text">
        {canShareFile()
          ? '可以把「' + notice.fileName + '」发到微信聊天（例如「文件传输助手」），再在电脑上用 Excel 或 WPS 打开。'
          : '请在电脑上打开网页版，登录后在这里导出，再用 Excel 或 WPS 打开。'}
      </View>
      <View className="dashboard-exports__notice-actions">
        {canShareFile() ? (
          <ActionButton small onClick={() => void shareFile(notice.filePath, notice.fileName)}>
            发到微信聊天
          </ActionButton>
        ) : null}
        <ActionButton small variant="secondary" onClick={() => void copyLink()}>
          复制网页版链接
        </ActionButton>
      </View>
    </View>
  )
}

/** The CSV exports of the chosen community and days, one row each; what happened to the last one under them. */
export function DashboardExports({ query, exporting, notice, onExport, onDismiss }: Props) {
  return (
    <View className="dashboard-exports">
      <View className="dashboard-exports__lead">CSV 表格，可以用 Excel 或 WPS 打开；社区和时间与上面选的相同。</View>
      {EXPORT_KINDS.map((kind) => (
        <View key={kind} className="dashboard-export">
          <View className="dashboard-export__label">{EXPORT_KIND_LABELS[kind]}</View>
          <ActionButton
            small
            variant="secondary"
            className="dashboard-export__button"
            loading={exporting === kind}
            disabled={!query || (exporting !== null && exporting !== kind)}
            onClick={() => onExport(kind)}
          >
            导出
          </ActionButton>
        </View>
      ))}
      {!notice ? null : notice.tone === 'error' ? (
        <View className="dashboard-exports__notice dashboard-exports__notice--error" role="alert">
          <View className="dashboard-exports__notice-title">「{EXPORT_KIND_LABELS[notice.exportKind]}」没有导出</View>
          <View className="dashboard-exports__notice-text">{notice.message}</View>
        </View>
      ) : notice.kind === 'cannot-open' && query ? (
        <CannotOpen notice={notice} query={query} />
      ) : (
        <View className="dashboard-exports__notice dashboard-exports__notice--done" {...control()} onClick={onDismiss}>
          <View className="dashboard-exports__notice-title">
            {notice.kind === 'saved' ? '表格已下载' : '表格已打开'}
          </View>
          <View className="dashboard-exports__notice-text">
            {notice.kind === 'saved'
              ? `「${notice.fileName}」在浏览器的下载文件夹里，用 Excel 或 WPS 打开即可。`
              : `「${notice.fileName}」`}
          </View>
        </View>
      )}
    </View>
  )
}
