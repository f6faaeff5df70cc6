import { PAGE_PATHS, STAFF_PAGE_PATHS, STAFF_ROOT, TABS } from './routes'

export default defineAppConfig({
  // The first page opens on launch; it sends a visitor without a session to the login page.
  pages: [
    PAGE_PATHS.wishes,
    PAGE_PATHS.stations,
    PAGE_PATHS.topics,
    PAGE_PATHS.me,
    PAGE_PATHS.login,
    PAGE_PATHS.wishDetail,
    PAGE_PATHS.wishNew,
    PAGE_PATHS.stationDetail,
    PAGE_PATHS.myBookings,
    PAGE_PATHS.topicDetail,
    PAGE_PATHS.topicNew,
    PAGE_PATHS.notifications,
  ],
  subPackages: [{ root: STAFF_ROOT, pages: Object.values(STAFF_PAGE_PATHS) }],
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
