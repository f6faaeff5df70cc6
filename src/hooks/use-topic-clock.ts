import { useEffect, useState } from 'react'

/**
 * The time now, ticking every `everyMs` while the page is mounted, so a countdown moves on its own
 * (a minute is enough for 还剩2天3小时; the detail page's countdown passes a shorter step near the end).
 */
export function useTopicClock(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}
