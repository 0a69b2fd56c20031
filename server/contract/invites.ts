/** Someone invited to a scheduled meeting. */
export interface MeetingAttendee {
  email: string
  name?: string
}

/** A scheduled meeting as the API shows it; times are ISO 8601. */
export interface ScheduledMeetingView {
  id: string
  roomId: string
  spaceId: string
  uid: string
  title: string
  description: string | null
  start: string
  end: string
  timezone: string
  attendees: MeetingAttendee[]
  sequence: number
  organizer: { name: string }
  cancelled: boolean
  /** When the room link starts letting people in for this meeting. */
  opensAt: string
  /** `GET` it (with the host token) for the `.ics` invitation. */
  icsUrl: string
  /** The stable room link to put in invitations. */
  link: string
}

/** `POST /rooms/:roomId/meetings` (201), `GET|PATCH /meetings/:id`. */
export interface ScheduledMeetingAnswer {
  meeting: ScheduledMeetingView
}

/** `GET /spaces/:spaceId/meetings?from&to`. */
export interface ScheduledMeetingsAnswer {
  meetings: ScheduledMeetingView[]
}

/** `POST /rooms/:roomId/meetings`: `end` or `durationMinutes` (default 60), not both. */
export interface ScheduleMeetingBody {
  title: string
  /** ISO 8601 with an offset. */
  start: string
  end?: string
  durationMinutes?: number
  /** IANA zone (default Europe/Paris). */
  timezone?: string
  description?: string | null
  attendees?: MeetingAttendee[]
}

/** `PATCH /meetings/:id`. */
export type UpdateMeetingBody = Partial<ScheduleMeetingBody>

/** `POST /spaces/:spaceId/calendar-key` (201): the key is shown once. */
export interface CalendarKeyAnswer {
  key: string
  feedUrl: string
}
