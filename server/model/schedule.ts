/** Someone invited: their language and time zone, when the organiser's platform knows them, shape their mail. */
export interface ScheduledAttendee {
  email: string
  name?: string
  locale?: 'fr' | 'en'
  timezone?: string
}

export interface ScheduledMeeting {
  id: string
  roomId: string
  spaceId: string
  /** Stable iCalendar UID. */
  uid: string
  title: string
  description: string | null
  /** UTC epoch ms. */
  start: number
  end: number
  timezone: string
  attendees: ScheduledAttendee[]
  /** Expected attendance (capacity planning); null: not said. */
  expectedAttendees?: { internal: number; external: number } | null
  /** Grows on every change (iCalendar SEQUENCE). */
  sequence: number
  organizer: { sub: string; name: string; email: string | null }
  cancelledAt: number | null
  createdAt: number
  updatedAt: number
}

export type NewScheduledMeeting = Omit<ScheduledMeeting, 'sequence' | 'cancelledAt' | 'createdAt' | 'updatedAt'>

export type ScheduledMeetingPatch = Partial<
  Pick<ScheduledMeeting, 'title' | 'description' | 'start' | 'end' | 'timezone' | 'attendees' | 'expectedAttendees'>
>

export interface CalendarKey {
  spaceId: string
  key: string
  createdAt: number
  revokedAt: number | null
}
