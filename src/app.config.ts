import {
  ACTIVITIES_ROOT,
  ACTIVITY_PAGE_PATHS,
  BUDGETS_ROOT,
  BUDGET_PAGE_PATHS,
  PAGE_PATHS,
  NOTICES_PAGE_PATHS,
  NOTICES_ROOT,
  PROBLEMS_PAGE_PATHS,
  PROBLEMS_ROOT,
  REPORT_PAGE_PATHS,
  REPORT_ROOT,
  RESIDENT_SUBPACKAGE_PAGES,
  STAFF_PAGE_PATHS,
  STAFF_ROOT,
  SURVEYS_ROOT,
  SURVEY_PAGE_PATHS,
  TABS,
} from './routes'

export default defineAppConfig({
  // The first page opens on launch; it sends a visitor without a session to the login page.
  pages: Object.values(PAGE_PATHS).filter((page) => !RESIDENT_SUBPACKAGE_PAGES.includes(page)),
  subPackages: [
    ...RESIDENT_SUBPACKAGE_PAGES.map((page) => ({ root: page.replace(/\/index$/, ''), pages: ['index'] })),
    { root: ACTIVITIES_ROOT, pages: Object.values(ACTIVITY_PAGE_PATHS) },
    { root: STAFF_ROOT, pages: Object.values(STAFF_PAGE_PATHS) },
    { root: PROBLEMS_ROOT, pages: Object.values(PROBLEMS_PAGE_PATHS) },
    { root: REPORT_ROOT, pages: Object.values(REPORT_PAGE_PATHS) },
    { root: NOTICES_ROOT, pages: Object.values(NOTICES_PAGE_PATHS) },
    { root: SURVEYS_ROOT, pages: Object.values(SURVEY_PAGE_PATHS) },
    { root: BUDGETS_ROOT, pages: Object.values(BUDGET_PAGE_PATHS) },
  ],
  // WeChat refuses getLocation / chooseLocation unless they are declared here, with the reason shown to the user.
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: { 'scope.userLocation': { desc: '用于按距离远近为您排列附近的党群服务驿站' } },
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f5f2ed',
    navigationBarBackgroundColor: '#c8412f',
    navigationBarTitleText: '邻里通',
    navigationBarTextStyle: 'white',
  },
  tabBar: {
    color: '#4a4a4a',
    selectedColor: '#c8412f',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: TABS.map((tab) => ({
      pagePath: tab.pagePath,
      text: tab.text,
      iconPath: `assets/tabbar/${tab.icon}.png`,
      selectedIconPath: `assets/tabbar/${tab.icon}-active.png`,
    })),
  },
})
