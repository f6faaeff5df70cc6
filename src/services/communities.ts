import type { Page } from '@/shared/api'
import { PAGE_LIMIT_MAX } from '@/shared/api'
import type { CommunityDto } from '@/shared/identity'
import { http } from './http'

/** Pages followed at most; a street office has a handful of communities, not thousands. */
const MAX_PAGES = 10

/** Every community, following the cursor (the picker needs the whole list). */
export async function listAllCommunities(): Promise<CommunityDto[]> {
  const items: CommunityDto[] = []
  let cursor: string | null = null
  for (let page = 0; page < MAX_PAGES; page++) {
    const result: Page<CommunityDto> = await http.get<Page<CommunityDto>>('/api/communities', {
      query: { limit: PAGE_LIMIT_MAX, cursor },
    })
    items.push(...result.items)
    cursor = result.nextCursor
    if (!cursor) break
  }
  return items
}
