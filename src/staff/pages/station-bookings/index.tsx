import { useCallback, useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { SelectBox } from '@/components/field'
import { FilterChips } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { isCalendarDate } from '@/shared/dates'
import { addDays, shanghaiDate } from '@/shared/stations'
import { formatDateWithWeekday } from '@/utils/station'
import { SlotBookings } from '../../components/slot-bookings'
import { StaffOnly } from '../../components/staff-only'
import { useManagedStations, useStation } from '../../hooks/use-managed-stations'
import { useServiceBookings } from '../../hooks/use-service-bookings'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { dayTotals, groupBySlot } from '../../utils/bookings'
import { openCheckIn } from '../../utils/navigation'
import { control } from '@/components/aria'
import './index.scss'

/** 今天 / 明天 / 昨天 after the date, so the list's day is never in doubt. */
function dayText(date: string, today: string): string {
  const near = { [today]: '今天', [addDays(today, 1)]: '明天', [addDays(today, -1)]: '昨天' }[date]
  return `${formatDateWithWeekday(date)}${near ? `（${near}）` : ''}`
}

export default function StationBookingsPage() {
  const params = useRouter().params
  const today = shanghaiDate(new Date())
  const scope = useStaffScope()
  // The list of stations is only needed to choose one when the link did not say which.
  const list = useManagedStations(scope.communities, scope.allowed && !params.stationId)
  const [stationChoice, setStationChoice] = useState<string | null>(params.stationId ?? null)
  const stationId = stationChoice ?? list.stations[0]?.id ?? null
  const detail = useStation(stationId)
  const services = detail.station?.services ?? []
  const [serviceChoice, setServiceChoice] = useState<string | null>(params.serviceId ?? null)
  const service = services.find((s) => s.id === serviceChoice) ?? services[0] ?? null
  const [date, setDate] = useState(params.date && isCalendarDate(params.date) ? params.date : today)
  const bookings = useServiceBookings(service?.id ?? null, date)

  const { reload: reloadList } = list
  const { reload: reloadDetail } = detail
  const { reload: reloadBookings } = bookings
  const fixedStation = Boolean(params.stationId)
  const reload = useCallback(async () => {
    await Promise.all([fixedStation ? null : reloadList(), reloadDetail(), reloadBookings()])
  }, [fixedStation, reloadList, reloadDetail, reloadBookings])
  usePullRefresh(reload)
  // Back from 签到: the list shows who has arrived since.
  useReloadOnReturn(reloadBookings)

  const groups = groupBySlot(bookings.items)
  const totals = dayTotals(bookings.items)
  const needsStationChoice = !fixedStation && list.stations.length > 1

  return (
    <PageShell>
      <PageHeader title="今日预约" lead="按时段查看预约，居民到站后点签到" />
      <StaffOnly scope={scope}>
        <AsyncContent
          loading={list.loading || detail.loading}
          error={list.error ?? detail.error}
          onRetry={() => void reload()}
        >
          {!stationId ? (
            <EmptyState icon="○" title="还没有驿站" description="请先在「驿站管理」里添加驿站和服务。" />
          ) : (
            <View>
              {needsStationChoice ? (
                <FilterChips
                  chips={list.stations.map((s) => ({ value: s.id, label: s.name }))}
                  value={stationId}
                  onChange={(id) => {
                    setStationChoice(id)
                    setServiceChoice(null)
                  }}
                />
              ) : (
                <View className="station-bookings__station">{detail.station?.name}</View>
              )}
              {services.length === 0 || !service ? (
                <EmptyState icon="○" title="这个驿站还没有服务" description="请先在「驿站管理」里新增服务。" />
              ) : (
                <View>
                  <FilterChips
                    chips={services.map((s) => ({ value: s.id, label: s.active ? s.name : `${s.name}（已暂停）` }))}
                    value={service.id}
                    onChange={setServiceChoice}
                  />
                  <View className="station-bookings__date">
                    <View className="station-bookings__picker">
                      <Picker mode="date" value={date} onChange={(e) => setDate(e.detail.value)}>
                        <SelectBox text={dayText(date, today)} placeholder="选择日期" />
                      </Picker>
                    </View>
                    {date !== today ? (
                      <ActionButton small variant="plain" onClick={() => setDate(today)}>
                        回到今天
                      </ActionButton>
                    ) : null}
                  </View>
                  <AsyncContent
                    loading={bookings.loading}
                    error={bookings.error}
                    onRetry={() => void reloadBookings()}
                    loadingText="正在加载预约名单…"
                  >
                    {groups.length === 0 ? (
                      <EmptyState
                        icon="○"
                        title={`${date === today ? '今天' : '这一天'}还没有人预约${service.name}`}
                        description="换个日期或服务看看，下拉可以刷新。"
                      />
                    ) : (
                      <View>
                        <View className="station-bookings__totals">
                          共 {totals.bookings} 个预约 · {totals.people} 人 · 已签到 {totals.checkedIn} 人
                        </View>
                        {groups.map((group) => (
                          <SlotBookings
                            key={group.slotId}
                            group={group}
                            capacity={service.capacity}
                            busy={bookings.busy}
                            errors={bookings.errors}
                            onCheckIn={(b) => void bookings.checkIn(b)}
                          />
                        ))}
                      </View>
                    )}
                  </AsyncContent>
                </View>
              )}
              <View className="station-bookings__link" {...control()} onClick={openCheckIn}>
                扫码或输入签到码签到 ›
              </View>
            </View>
          )}
        </AsyncContent>
      </StaffOnly>
    </PageShell>
  )
}
