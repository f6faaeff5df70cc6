import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { choice, control } from '@/components/aria'
import { PageHeader, PageShell } from '@/components/page-shell'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { formatYuan } from '@/shared/budgets'
import { formatDateTime } from '@/utils/format'
import { useBallot, useBudget, useRoundRoles } from '../../hooks/use-budgets'
import { openProposal } from '../../navigation'
import './index.scss'

/**
 * The ballot: pick the feasible projects you support, within the fund. The running total and what is left of the
 * fund show as you choose; a choice over the fund is refused before it is sent (and by the server, OVER_BUDGET).
 */
export default function BallotPage() {
  const id = useRouter().params.id ?? ''
  const detail = useBudget(id)
  const budget = detail.data
  const { member } = useRoundRoles(budget?.communityId)
  const ballot = useBallot(budget)
  const { sum } = ballot

  return (
    <PageShell>
      <PageHeader title="投票" lead="在资金总额内，选出您支持的项目，可以选多个" />
      <AsyncContent
        loading={detail.loading && !budget}
        error={budget ? null : detail.error}
        onRetry={() => void detail.reload()}
        detail={{ what: '微实事', id }}
      >
        {budget && budget.phase !== 'voting' ? (
          <EmptyState
            icon="!"
            title="现在不在投票期"
            description={`投票期：${formatDateTime(budget.votingOpensAt)} 至 ${formatDateTime(budget.votingClosesAt)}`}
          />
        ) : budget && !member ? (
          <EmptyState icon="!" title="认证住户才能投票" description='请先在"我的"里完成住户认证。' />
        ) : budget && ballot.feasible.length === 0 ? (
          <EmptyState icon="实" title="没有可以投票的项目" description="这一期没有通过审核的项目。" />
        ) : budget ? (
          <View>
            <View
              className={sum.over ? 'ballot__sum ballot__sum--over' : 'ballot__sum'}
              role="status"
              aria-live="polite"
              aria-label={`资金总额${budget.amount}元，已选${ballot.chosen.length}个项目合计${sum.total}元，${sum.over ? `超出${-sum.left}元` : `剩余${sum.left}元`}`}
            >
              <View className="ballot__figure">
                <View className="ballot__value">{formatYuan(budget.amount)}</View>
                <View className="ballot__label">资金总额</View>
              </View>
              <View className="ballot__figure">
                <View className="ballot__value">{formatYuan(sum.total)}</View>
                <View className="ballot__label">已选{ballot.chosen.length}项</View>
              </View>
              <View className="ballot__figure">
                <View className="ballot__value">{formatYuan(Math.abs(sum.left))}</View>
                <View className="ballot__label">{sum.over ? '超出了' : '还剩'}</View>
              </View>
            </View>
            {sum.over ? (
              <View className="ballot__warn" role="alert">
                已超出资金总额 {-sum.left}元，请去掉一些项目
              </View>
            ) : null}
            <View role="group" aria-label="可以选择的项目">
              {ballot.feasible.map((p) => {
                const on = ballot.chosen.includes(p.id)
                const wouldOver = !on && (p.cost ?? 0) > sum.left
                return (
                  <View key={p.id} className={on ? 'ballot__option ballot__option--on' : 'ballot__option'}>
                    <View className="ballot__pick" {...choice('checkbox', on)} onClick={() => ballot.toggle(p.id)}>
                      <View className="ballot__box">{on ? '✓' : ''}</View>
                      <View className="ballot__text">
                        <View className="ballot__title">{p.title}</View>
                        <View className="ballot__cost">
                          {formatYuan(p.cost ?? 0)}
                          {wouldOver ? <View className="ballot__hint">选上会超出</View> : null}
                        </View>
                      </View>
                    </View>
                    <View
                      className="ballot__more"
                      {...control('link', `查看${p.title}的详情`)}
                      onClick={() => openProposal(p.id)}
                    >
                      详情
                    </View>
                  </View>
                )
              })}
            </View>
            {ballot.error ? (
              <View className="ballot__error" role="alert">
                {ballot.error}
              </View>
            ) : null}
            {ballot.saved && !ballot.changed ? (
              <View className="ballot__saved" role="status">
                您的选择已保存。{formatDateTime(budget.votingClosesAt)} 投票截止前可以修改。
              </View>
            ) : null}
            <ActionButton
              block
              loading={ballot.submitting}
              disabled={!ballot.changed}
              onClick={() => void ballot.submit()}
            >
              {ballot.saved ? '保存修改' : '提交投票'}
            </ActionButton>
          </View>
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
