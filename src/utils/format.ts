const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/**
 * "11月22日 09:05" in Asia/Shanghai (China has no daylight saving, so a fixed +8 h is exact);
 * the mini-program runtime cannot be trusted to carry time-zone data for Intl.
 */
export function formatDateTime(iso: string): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return ''
  const d = new Date(time + SHANGHAI_OFFSET_MS)
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** 13812345678 → 138 1234 5678, easier to read aloud over the phone. */
export function formatPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone
}
