import type { ScheduledMeetingView } from '../api.js'

/** The browser's own variant of the widget's language for dates (`en-GB` writes 14:00, `en-US` 2:00 PM). */
export function dateLocale(locale: string): string {
  return (typeof navigator !== 'undefined' && navigator.languages?.find((l) => l.toLowerCase().split('-')[0] === locale)) || locale
}

/** "Tue 3 Nov, 10:00 – 11:00" in the person's language and time zone (the year when it is not this one). */
export function meetingWhen(locale: string, m: Pick<ScheduledMeetingView, 'start' | 'end'>): string {
  const start = new Date(m.start)
  const year = start.getFullYear() !== new Date().getFullYear() ? { year: 'numeric' as const } : {}
  return new Intl.DateTimeFormat(dateLocale(locale), { weekday: 'short', day: 'numeric', month: 'short', ...year, hour: '2-digit', minute: '2-digit' })
    .formatRange(start, new Date(m.end))
}
