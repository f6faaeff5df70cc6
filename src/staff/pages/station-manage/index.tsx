import { useCallback, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { Card } from '@/components/card'
import { InfoRow } from '@/components/info-row'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section, Tag } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import type { ClosureResultDto, StationDetailDto, StationSummaryDto } from '@/shared/stations'
import { describeService, formatDateWithWeekday, formatHours } from '@/utils/station'
import { ClosureForm } from '../../components/closure-form'
import { EditStationForm, NewStationForm } from '../../components/station-form'
import { StaffOnly } from '../../components/staff-only'
import { useManagedStations, useStation, useStationActivation } from '../../hooks/use-managed-stations'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { openServiceEdit, openStationBookings } from '../../utils/navigation'
import { scheduleLines } from '../../utils/schedule'
import { control } from '@/components/aria'
import './index.scss'

type Mode = 'view' | 'newStation' | 'editStation' | 'closure'

const activeTag = (active: boolean) => (active ? <Tag tone="success">开放中</Tag> : <Tag>已停用</Tag>)

/** The stations to choose from, the chosen one marked. */
function StationChoice({
  stations,
  selectedId,
  onSelect,
}: {
  stations: StationSummaryDto[]
  selectedId: string | null
  onSelect: (id: string) => void
}) {
  return (
    <View className="station-manage__choices">
      {stations.map((s) => (
        <Card
          key={s.id}
          className={['station-choice', s.id === selectedId ? 'station-choice--on' : ''].join(' ')}
          gap="row"
          padding="snug"
          highlight={s.id === selectedId}
          onClick={() => onSelect(s.id)}
        >
          <View className="station-choice__head">
            <View className="station-choice__name">{s.name}</View>
            {activeTag(s.active)}
          </View>
          <View className="station-choice__line">
            {s.communityName} · {s.address}
          </View>
        </Card>
      ))}
    </View>
  )
}

function ServicesSection({ station }: { station: StationDetailDto }) {
  return (
    <Section
      title="服务"
      extra={
        <ActionButton small variant="secondary" onClick={() => openServiceEdit(station.id)}>
          新增服务
        </ActionButton>
      }
    >
      {station.services.length === 0 ? (
        <View className="station-manage__none">还没有服务。点「新增服务」添加，设置好时段后居民就能预约。</View>
      ) : (
        station.services.map((service) => (
          <View key={service.id} className="service-item">
            <View className="service-item__head">
              <View className="service-item__name">{service.name}</View>
              {service.active ? null : <Tag tone="warning">已暂停</Tag>}
            </View>
            <View className="service-item__line">{describeService(service)}</View>
            {scheduleLines(service.schedule).map((line) => (
              <View key={line} className="service-item__line service-item__line--soft">
                {line}
              </View>
            ))}
            {service.schedule.length === 0 ? (
              <View className="service-item__line service-item__line--warn">还没有服务时段，居民不能预约</View>
            ) : null}
            <View className="service-item__actions">
              <ActionButton small variant="plain" onClick={() => openStationBookings(station.id, service.id)}>
                预约名单
              </ActionButton>
              <ActionButton small variant="secondary" onClick={() => openServiceEdit(station.id, service.id)}>
                编辑
              </ActionButton>
            </View>
          </View>
        ))
      )}
    </Section>
  )
}

function ClosureResultNote({ result }: { result: ClosureResultDto }) {
  return (
    <View className="station-manage__notice" role="status">
      已设置{formatDateWithWeekday(result.date)}闭站。
      {result.cancelledBookings > 0
        ? `当天的 ${result.cancelledBookings} 个预约已取消，系统已通知预约的居民。`
        : '当天没有预约需要取消。'}
    </View>
  )
}

export default function StationManagePage() {
  const params = useRouter().params
  const scope = useStaffScope()
  const list = useManagedStations(scope.communities, scope.allowed)
  const [selectedId, setSelectedId] = useState<string | null>(params.stationId ?? null)
  const currentId = selectedId ?? list.stations[0]?.id ?? null
  const detail = useStation(currentId)
  const { station } = detail
  const [mode, setMode] = useState<Mode>('view')
  const [closed, setClosed] = useState<ClosureResultDto | null>(null)

  const { reload: reloadList } = list
  const { reload: reloadDetail } = detail
  const reload = useCallback(async () => {
    await Promise.all([reloadList(), reloadDetail()])
  }, [reloadList, reloadDetail])
  usePullRefresh(async () => {
    await scope.reload()
    await reload()
  })
  // Back from 服务设置: its changes show at once.
  useReloadOnReturn(reloadDetail)

  const afterSave = useCallback(
    (saved: StationDetailDto) => {
      setMode('view')
      setSelectedId(saved.id)
      void reload()
    },
    [reload],
  )
  const activation = useStationActivation(afterSave)
  const afterClose = useCallback(
    (result: ClosureResultDto) => {
      setMode('view')
      setClosed(result)
      void reloadDetail()
    },
    [reloadDetail],
  )

  const startNewStation = () => {
    setMode('newStation')
    // The form takes the place of the list: start reading it from its top.
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }

  const select = (id: string) => {
    setSelectedId(id)
    setMode('view')
    setClosed(null)
  }

  return (
    <PageShell>
      <PageHeader title="驿站管理" lead="本社区的驿站、服务时段和闭站安排" />
      <StaffOnly scope={scope}>
        <AsyncContent loading={list.loading} error={list.error} onRetry={() => void reloadList()}>
          {mode === 'newStation' ? (
            <Section title="新增驿站">
              <NewStationForm communities={scope.communities} onSaved={afterSave} onCancel={() => setMode('view')} />
            </Section>
          ) : list.stations.length === 0 ? (
            <EmptyState icon="+" title="还没有驿站" description="添加本社区的第一个驿站，居民就能在「驿站」里找到它。">
              <ActionButton className="station-manage__first" onClick={startNewStation}>
                新增驿站
              </ActionButton>
            </EmptyState>
          ) : (
            <View>
              {list.stations.length > 1 ? (
                <StationChoice stations={list.stations} selectedId={currentId} onSelect={select} />
              ) : null}
              <AsyncContent loading={detail.loading} error={detail.error} onRetry={() => void reloadDetail()}>
                {station ? (
                  <View>
                    <Section
                      title={mode === 'editStation' ? '编辑驿站' : station.name}
                      extra={activeTag(station.active)}
                    >
                      {mode === 'editStation' ? (
                        <EditStationForm station={station} onSaved={afterSave} onCancel={() => setMode('view')} />
                      ) : (
                        <View>
                          {station.active ? null : (
                            <View className="station-manage__warning">已停用：居民看不到这个驿站，也不能预约。</View>
                          )}
                          <InfoRow label="社区" narrow>
                            {station.communityName}
                          </InfoRow>
                          <InfoRow label="地址" narrow>
                            {station.address}
                          </InfoRow>
                          <InfoRow label="电话" narrow>
                            {station.phone ?? '未填写'}
                          </InfoRow>
                          <InfoRow label="位置" narrow>
                            {station.lat}, {station.lng}
                          </InfoRow>
                          <InfoRow label="今天" narrow>
                            {station.todayHours.length ? formatHours(station.todayHours) : '不开放'}
                          </InfoRow>
                          {station.intro ? (
                            <InfoRow label="简介" narrow>
                              {station.intro}
                            </InfoRow>
                          ) : null}
                          {activation.error ? <View className="station-manage__error">{activation.error}</View> : null}
                          <View className="station-manage__actions">
                            <ActionButton
                              small
                              variant={station.active ? 'danger' : 'secondary'}
                              loading={activation.busy}
                              onClick={() => void activation.setActive(station, !station.active)}
                            >
                              {station.active ? '停用驿站' : '重新启用'}
                            </ActionButton>
                            <ActionButton small variant="secondary" onClick={() => setMode('editStation')}>
                              编辑信息
                            </ActionButton>
                          </View>
                          <View
                            className="station-manage__link"
                            {...control()}
                            onClick={() => openStationBookings(station.id)}
                          >
                            查看今天的预约名单 ›
                          </View>
                        </View>
                      )}
                    </Section>

                    <ServicesSection station={station} />

                    <Section
                      title="闭站安排"
                      extra={
                        mode === 'closure' ? null : (
                          <ActionButton small variant="danger" onClick={() => setMode('closure')}>
                            设置闭站
                          </ActionButton>
                        )
                      }
                    >
                      {closed ? <ClosureResultNote result={closed} /> : null}
                      {mode === 'closure' ? (
                        <ClosureForm stationId={station.id} onClosed={afterClose} onCancel={() => setMode('view')} />
                      ) : null}
                      {station.closures.length === 0 ? (
                        <View className="station-manage__none">近期没有闭站安排。</View>
                      ) : (
                        station.closures.map((c) => (
                          <View key={c.date} className="closure-item">
                            <View className="closure-item__date">{formatDateWithWeekday(c.date)}</View>
                            <View className="closure-item__reason">{c.reason}</View>
                          </View>
                        ))
                      )}
                    </Section>
                  </View>
                ) : null}
              </AsyncContent>
              <ActionButton block variant="plain" onClick={startNewStation}>
                ＋ 新增驿站
              </ActionButton>
            </View>
          )}
        </AsyncContent>
      </StaffOnly>
    </PageShell>
  )
}
