/**
 * Every page path of the mini-program, in one place.
 * `app.config.ts` builds its page list from these, and navigation uses them, so a path is written once.
 */
export const PAGE_PATHS = {
  wishes: 'pages/wishes/index',
  stations: 'pages/stations/index',
  topics: 'pages/topics/index',
  me: 'pages/me/index',
  login: 'pages/login/index',
  wishDetail: 'pages/wish-detail/index',
  wishNew: 'pages/wish-new/index',
  stationDetail: 'pages/station-detail/index',
  myBookings: 'pages/my-bookings/index',
  topicDetail: 'pages/topic-detail/index',
  topicNew: 'pages/topic-new/index',
  notifications: 'pages/notifications/index',
  membership: 'pages/membership/index',
  contacts: 'pages/contacts/index',
  party: 'pages/party/index',
  inviteAccept: 'pages/invite-accept/index',
} as const

/**
 * Secondary resident pages, each a subpackage (分包) rooted at its own folder, so that its path stays the same: the
 * main package (≤ 600 KB) keeps what a resident's first screens need, and these load when first opened.
 */
export const RESIDENT_SUBPACKAGE_PAGES: readonly string[] = [
  PAGE_PATHS.wishNew,
  PAGE_PATHS.topicNew,
  PAGE_PATHS.myBookings,
  PAGE_PATHS.notifications,
  PAGE_PATHS.membership,
  PAGE_PATHS.contacts,
  PAGE_PATHS.party,
  PAGE_PATHS.inviteAccept,
  PAGE_PATHS.topicDetail,
  PAGE_PATHS.stationDetail,
]

/** 社区活动 for residents: its own subpackage (分包), loaded when first opened. */
export const ACTIVITIES_ROOT = 'activities'
export const ACTIVITY_PAGE_PATHS = {
  list: 'pages/list/index',
  detail: 'pages/detail/index',
  partyRecord: 'pages/party-record/index',
} as const

/** 问题反馈 (接诉即办): its own subpackage, for residents and the handlers of organisations alike. */
export const PROBLEMS_ROOT = 'problems'
export const PROBLEMS_PAGE_PATHS = {
  home: 'pages/home/index',
  report: 'pages/new/index',
  detail: 'pages/detail/index',
  handler: 'pages/handler/index',
} as const

/** 居务公开: the month in public, its own subpackage (分包) for anyone signed in. */
export const REPORT_ROOT = 'report'
export const REPORT_PAGE_PATHS = {
  month: 'pages/month/index',
} as const

/** 公开栏 (居务公开): its own subpackage, the notices of a community and each notice with its objections. */
export const NOTICES_ROOT = 'notices'
export const NOTICES_PAGE_PATHS = {
  list: 'pages/list/index',
  detail: 'pages/detail/index',
} as const

/** 群众满意度测评 for residents: its own subpackage, the list, answering and the results after close. */
export const SURVEYS_ROOT = 'surveys'
export const SURVEY_PAGE_PATHS = {
  list: 'pages/list/index',
  detail: 'pages/detail/index',
} as const

/** 社区微实事: a community's participatory budget rounds, its own subpackage. */
export const BUDGETS_ROOT = 'budgets'
export const BUDGET_PAGE_PATHS = {
  home: 'pages/home/index',
  round: 'pages/round/index',
  propose: 'pages/propose/index',
  proposal: 'pages/proposal/index',
  ballot: 'pages/ballot/index',
} as const

/** The staff subpackage (分包): residents never download it. */
export const STAFF_ROOT = 'staff'
export const STAFF_PAGE_PATHS = {
  workbench: 'pages/workbench/index',
  checkIn: 'pages/check-in/index',
  stationManage: 'pages/station-manage/index',
  serviceEdit: 'pages/service-edit/index',
  stationBookings: 'pages/station-bookings/index',
  topicReview: 'pages/topic-review/index',
  topicManage: 'pages/topic-manage/index',
  commentReports: 'pages/comment-reports/index',
  queue: 'pages/queue/index',
  dashboard: 'pages/dashboard/index',
  audit: 'pages/audit/index',
  words: 'pages/words/index',
  memberships: 'pages/memberships/index',
  residents: 'pages/residents/index',
  activityNew: 'pages/activity-new/index',
  activityManage: 'pages/activity-manage/index',
  activityCheckIn: 'pages/activity-check-in/index',
  places: 'pages/places/index',
  invites: 'pages/invites/index',
  problems: 'pages/problems/index',
  street: 'pages/street/index',
  notices: 'pages/notices/index',
  surveys: 'pages/surveys/index',
  budgetNew: 'pages/budget-new/index',
  budgetReview: 'pages/budget-review/index',
  budgetSpend: 'pages/budget-spend/index',
} as const

/** Absolute URLs for Taro.navigateTo / switchTab / reLaunch. */
export const ROUTES = {
  wishes: `/${PAGE_PATHS.wishes}`,
  stations: `/${PAGE_PATHS.stations}`,
  topics: `/${PAGE_PATHS.topics}`,
  me: `/${PAGE_PATHS.me}`,
  login: `/${PAGE_PATHS.login}`,
  wishDetail: `/${PAGE_PATHS.wishDetail}`,
  wishNew: `/${PAGE_PATHS.wishNew}`,
  stationDetail: `/${PAGE_PATHS.stationDetail}`,
  myBookings: `/${PAGE_PATHS.myBookings}`,
  topicDetail: `/${PAGE_PATHS.topicDetail}`,
  topicNew: `/${PAGE_PATHS.topicNew}`,
  notifications: `/${PAGE_PATHS.notifications}`,
  membership: `/${PAGE_PATHS.membership}`,
  contacts: `/${PAGE_PATHS.contacts}`,
  party: `/${PAGE_PATHS.party}`,
  activities: `/${ACTIVITIES_ROOT}/${ACTIVITY_PAGE_PATHS.list}`,
  activityDetail: `/${ACTIVITIES_ROOT}/${ACTIVITY_PAGE_PATHS.detail}`,
  partyRecord: `/${ACTIVITIES_ROOT}/${ACTIVITY_PAGE_PATHS.partyRecord}`,
  staffActivityNew: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.activityNew}`,
  staffActivityManage: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.activityManage}`,
  staffActivityCheckIn: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.activityCheckIn}`,
  inviteAccept: `/${PAGE_PATHS.inviteAccept}`,
  staffWorkbench: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.workbench}`,
  staffCheckIn: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.checkIn}`,
  staffStationManage: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.stationManage}`,
  staffServiceEdit: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.serviceEdit}`,
  staffStationBookings: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.stationBookings}`,
  staffTopicReview: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.topicReview}`,
  staffTopicManage: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.topicManage}`,
  staffCommentReports: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.commentReports}`,
  staffQueue: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.queue}`,
  staffDashboard: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.dashboard}`,
  staffAudit: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.audit}`,
  staffWords: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.words}`,
  staffMemberships: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.memberships}`,
  staffResidents: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.residents}`,
  staffPlaces: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.places}`,
  staffInvites: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.invites}`,
  staffProblems: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.problems}`,
  staffNotices: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.notices}`,
  notices: `/${NOTICES_ROOT}/${NOTICES_PAGE_PATHS.list}`,
  noticeDetail: `/${NOTICES_ROOT}/${NOTICES_PAGE_PATHS.detail}`,
  problems: `/${PROBLEMS_ROOT}/${PROBLEMS_PAGE_PATHS.home}`,
  problemNew: `/${PROBLEMS_ROOT}/${PROBLEMS_PAGE_PATHS.report}`,
  problemDetail: `/${PROBLEMS_ROOT}/${PROBLEMS_PAGE_PATHS.detail}`,
  handlerQueue: `/${PROBLEMS_ROOT}/${PROBLEMS_PAGE_PATHS.handler}`,
  report: `/${REPORT_ROOT}/${REPORT_PAGE_PATHS.month}`,
  staffStreet: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.street}`,
  surveys: `/${SURVEYS_ROOT}/${SURVEY_PAGE_PATHS.list}`,
  surveyDetail: `/${SURVEYS_ROOT}/${SURVEY_PAGE_PATHS.detail}`,
  staffSurveys: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.surveys}`,
  budgets: `/${BUDGETS_ROOT}/${BUDGET_PAGE_PATHS.home}`,
  budgetRound: `/${BUDGETS_ROOT}/${BUDGET_PAGE_PATHS.round}`,
  budgetPropose: `/${BUDGETS_ROOT}/${BUDGET_PAGE_PATHS.propose}`,
  budgetProposal: `/${BUDGETS_ROOT}/${BUDGET_PAGE_PATHS.proposal}`,
  budgetBallot: `/${BUDGETS_ROOT}/${BUDGET_PAGE_PATHS.ballot}`,
  staffBudgetNew: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.budgetNew}`,
  staffBudgetReview: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.budgetReview}`,
  staffBudgetSpend: `/${STAFF_ROOT}/${STAFF_PAGE_PATHS.budgetSpend}`,
} as const

/**
 * The page that a message's subject, or a staff queue item, opens: a path as in PAGE_PATHS (no leading slash), or
 * null when it has none. The messages staff get when work arrives name the queue's kind as their subject
 * (migration 0014), so a tap opens where it is dealt with, as the item in 待办 does. The one rule for the inbox, the
 * queue and the subscribe message's page.
 */
export function pageOfEntity(type: string | null, id: string | null): string | null {
  const withId = (page: string) => (id ? `${page}?id=${encodeURIComponent(id)}` : null)
  const staffPage = (page: string) => `${STAFF_ROOT}/${page}`
  switch (type) {
    case 'wish':
    case 'wish_review':
    case 'wish_unconfirmed':
      return withId(PAGE_PATHS.wishDetail)
    case 'topic':
      return withId(PAGE_PATHS.topicDetail)
    case 'activity':
      return withId(`${ACTIVITIES_ROOT}/${ACTIVITY_PAGE_PATHS.detail}`)
    case 'problem':
    case 'problem_unassigned':
    case 'problem_escalated':
      return withId(`${PROBLEMS_ROOT}/${PROBLEMS_PAGE_PATHS.detail}`)
    case 'notice':
      return withId(`${NOTICES_ROOT}/${NOTICES_PAGE_PATHS.detail}`)
    case 'survey':
      return withId(`${SURVEYS_ROOT}/${SURVEY_PAGE_PATHS.detail}`)
    case 'budget':
      return withId(`${BUDGETS_ROOT}/${BUDGET_PAGE_PATHS.round}`)
    case 'budget_proposal':
      return withId(`${BUDGETS_ROOT}/${BUDGET_PAGE_PATHS.proposal}`)
    case 'booking':
    case 'slot':
      return PAGE_PATHS.myBookings
    case 'topic_review':
      return withId(staffPage(STAFF_PAGE_PATHS.topicReview))
    case 'reported_comment':
      return staffPage(STAFF_PAGE_PATHS.commentReports)
    case 'volunteer_application':
      return staffPage(STAFF_PAGE_PATHS.workbench)
    case 'membership_application':
      return staffPage(STAFF_PAGE_PATHS.memberships)
    case 'membership':
      return PAGE_PATHS.membership
    case 'party':
      return PAGE_PATHS.party
    default:
      return null
  }
}

/** The tab bar, in order; `icon` names the PNGs in src/assets/tabbar (drawn by .tools/tab-icons.ts). */
export const TABS = [
  { pagePath: PAGE_PATHS.wishes, text: '心愿', icon: 'wishes' },
  { pagePath: PAGE_PATHS.stations, text: '驿站', icon: 'stations' },
  { pagePath: PAGE_PATHS.topics, text: '议事', icon: 'topics' },
  { pagePath: PAGE_PATHS.me, text: '我的', icon: 'me' },
] as const
