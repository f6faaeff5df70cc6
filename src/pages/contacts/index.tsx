import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { useAsync } from '@/hooks/use-async'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { getContacts } from '@/services/contacts'
import type { ContactDto } from '@/shared/contacts'
import { formatPhone } from '@/utils/format'
import { callPhone, goToMe } from '@/utils/navigation'
import './index.scss'

/** One person to call: their name, their number, and a button as big as a thumb that dials it. */
function ContactRow({ role, contact }: { role: string; contact: ContactDto }) {
  return (
    <View className="contact">
      <View className="contact__who">
        <View className="contact__name">{contact.name}</View>
        <View className="contact__phone">{contact.phone ? formatPhone(contact.phone) : '未留电话'}</View>
      </View>
      {contact.phone ? (
        <ActionButton
          className="contact__call"
          label={`给${role}${contact.name}打电话`}
          onClick={() => callPhone(contact.phone ?? '')}
        >
          打电话
        </ActionButton>
      ) : null}
    </View>
  )
}

function ContactGroup({
  title,
  role,
  people,
  none,
}: {
  title: string
  role: string
  people: ContactDto[]
  none: string
}) {
  return (
    <Section title={title}>
      {people.length === 0 ? (
        <View className="contact__none">{none}</View>
      ) : (
        people.map((p, i) => <ContactRow key={`${p.name}-${i}`} role={role} contact={p} />)
      )}
    </Section>
  )
}

/** 楼道联系牌: whom a verified resident calls about their building, each a tap away. */
export default function ContactsPage() {
  const contacts = useAsync(getContacts, [])
  usePullRefresh(contacts.reload)
  const data = contacts.data
  const notMember = contacts.error?.code === 'MEMBERSHIP_REQUIRED'

  return (
    <PageShell>
      <PageHeader title="楼道联系牌" lead="有事找得到人：社区、网格员、楼栋长和本楼的党员" />
      {notMember ? (
        <EmptyState icon="!" title="认证住户后才能查看" description={contacts.error?.message}>
          <ActionButton onClick={goToMe}>去“我的”认证住户</ActionButton>
        </EmptyState>
      ) : (
        <AsyncContent loading={contacts.loading} error={contacts.error} onRetry={() => void contacts.reload()}>
          {data ? (
            <View>
              <Section title={data.community.name}>
                {data.community.address ? <View className="contact__address">{data.community.address}</View> : null}
                <ContactRow role="" contact={{ name: '社区居委会', phone: data.community.phone }} />
              </Section>
              <ContactGroup
                title="网格员"
                role="网格员"
                people={data.gridWorkers}
                none="本楼所在网格还没有登记网格员"
              />
              <ContactGroup title="楼栋长" role="楼栋长" people={data.buildingHeads} none="本楼还没有登记楼栋长" />
              <ContactGroup title="本楼党员" role="党员" people={data.partyMembers} none="本楼还没有党员公开联系方式" />
            </View>
          ) : null}
        </AsyncContent>
      )}
    </PageShell>
  )
}
