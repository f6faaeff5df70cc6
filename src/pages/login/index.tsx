import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { DevUserList } from '@/components/dev-user-list'
import { PageShell } from '@/components/page-shell'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { IS_H5, useDevUsers, useLogin } from '@/hooks/use-login'
import './index.scss'

/** H5 (local demo): pick one of the seeded users. */
function DemoChooser() {
  const login = useLogin()
  const { users, loading, error, demoLoginOff, reload } = useDevUsers()
  if (demoLoginOff) {
    return <EmptyState icon="!" title="演示登录没有开启" description="请在微信里打开邻里通小程序登录。" />
  }
  return (
    <View>
      <View className="login__lead">这是演示版，请选择一位邻居的身份进入：</View>
      {login.error ? <View className="login__error">{login.error}</View> : null}
      <AsyncContent loading={loading} error={error} onRetry={() => void reload()}>
        {users.length ? (
          <DevUserList users={users} pending={login.pending} onPick={(id) => void login.loginAs(id)} />
        ) : (
          <EmptyState title="还没有演示用户" description="请先运行 npm run db:seed 生成演示数据，再刷新本页。" />
        )}
      </AsyncContent>
    </View>
  )
}

/** weapp: one tap on 微信一键登录. */
function WechatLogin() {
  const login = useLogin()
  return (
    <View>
      <View className="login__lead">用微信账号登录，不用记密码。</View>
      {login.error ? <View className="login__error">{login.error}</View> : null}
      <ActionButton block loading={login.pending === 'wechat'} onClick={() => void login.loginWithWechat()}>
        微信一键登录
      </ActionButton>
    </View>
  )
}

export default function LoginPage() {
  return (
    <PageShell requireLogin={false}>
      <View className="login__hero">
        <View className="login__brand">邻里通</View>
        <View className="login__slogan">远亲不如近邻，有事大家帮</View>
      </View>
      {IS_H5 ? <DemoChooser /> : <WechatLogin />}
    </PageShell>
  )
}
