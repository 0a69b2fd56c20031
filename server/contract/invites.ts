/** Someone invited to a scheduled meeting. */
export interface MeetingAttendee {
  email: string
  name?: string
  /** Language of their invitation mail (default: the organiser's). */
  locale?: 'fr' | 'en'
  /** IANA zone their invitation mail gives the time in (default: the meeting's). */
  timezone?: string
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
  /** How many people the organiser expects (capacity planning); null or absent: not said. */
  expectedAttendees?: ExpectedAttendees | null
}

/** Expected attendance of a scheduled meeting. */
export interface ExpectedAttendees {
  internal: number
  external: number
}

/** A booking that takes the expected attendance at some hour past the admins' threshold of the licence. */
export interface CapacityWarning {
  code: 'capacity_warning'
  /** Start of the hour (ISO 8601). */
  at: string
  /** Participants expected then, this meeting included. */
  expected: number
  /** The threshold it passes (the admins' share of the licence cap). */
  limit: number
}

/** `POST /rooms/:roomId/meetings` (201), `GET|PATCH /meetings/:id`. */
export interface ScheduledMeetingAnswer {
  meeting: ScheduledMeetingView
  /** On POST and PATCH: the hours this booking takes past the capacity threshold (absent: none). */
  warnings?: CapacityWarning[]
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
  /** Expected attendance, for capacity planning (null: not said). */
  expectedAttendees?: ExpectedAttendees | null
}

/** `PATCH /meetings/:id`. */
export type UpdateMeetingBody = Partial<ScheduleMeetingBody>

/** `POST /spaces/:spaceId/calendar-key` (201): the key is shown once. */
export interface CalendarKeyAnswer {
  key: string
  feedUrl: string
}

/** Whether the service sends invitation mail: `dev` keeps it in the development mailbox (/dev/mail), `off` sends none. */
export interface MailStatus {
  enabled: boolean
  mode: 'smtp' | 'dev' | 'off'
}

/** The latest invitation message to one attendee. */
export interface AttendeeDeliveryState {
  /** `pending` (queued or retrying), `sent` (the mail server took it), `failed` (refused for good, or given up). */
  state: 'pending' | 'sent' | 'failed'
  method: 'REQUEST' | 'CANCEL'
  sequence: number
  attempts: number
  /** The last refusal or failure (an SMTP answer such as `550 5.1.1 no such user`). */
  error: string | null
  /** When it was queued (ISO 8601). */
  queuedAt: string
  /** When it was sent or failed for good (ISO 8601). */
  finishedAt: string | null
}

/** One attendee (or former attendee) of a meeting: their mail and personal link. */
export interface AttendeeDelivery {
  email: string
  name: string | null
  /** Not a member of the space: invited by a personal link. */
  external: boolean
  /** Still invited (false: removed; their last message is the CANCEL). */
  invited: boolean
  /** The latest message to them; null when none was queued (mail off). */
  delivery: AttendeeDeliveryState | null
  /** Their personal link (externals only). */
  link: { state: 'active' | 'revoked' | 'expired'; url: string | null } | null
}

/** `GET /meetings/:id/deliveries` (and the answer of resend and revoke). */
export interface MeetingDeliveriesAnswer {
  mail: MailStatus
  deliveries: AttendeeDelivery[]
}

/** `POST /meetings/:id/deliveries/resend` and `POST /meetings/:id/invitations/revoke`. */
export interface AttendeeActionBody {
  email: string
}
