import Taro from '@tarojs/taro'
import { ROUTES } from '@/routes'

/** Where the pages of 社区微实事 lead; `replace` takes the place of the current page (the form just sent). */
const go = (url: string, replace = false) =>
  void (replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url })).catch(() => undefined)
const withId = (url: string, id: string) => `${url}?id=${encodeURIComponent(id)}`

export const openRound = (id: string, options: { replace?: boolean } = {}) =>
  go(withId(ROUTES.budgetRound, id), options.replace)
export const openProposal = (id: string, options: { replace?: boolean } = {}) =>
  go(withId(ROUTES.budgetProposal, id), options.replace)
export const openPropose = (budgetId: string) => go(withId(ROUTES.budgetPropose, budgetId))
export const openBallot = (budgetId: string) => go(withId(ROUTES.budgetBallot, budgetId))
export const openNewRound = () => go(ROUTES.staffBudgetNew)
export const openReview = (budgetId: string) => go(withId(ROUTES.staffBudgetReview, budgetId))
export const openSpend = (proposalId: string) => go(withId(ROUTES.staffBudgetSpend, proposalId))
