import { createHash, randomBytes } from 'node:crypto'

export type Role = 'MODERATOR' | 'VIEWER'
export type GuestStatus = 'ALLOW' | 'WAIT' | 'DENY'
export type GuestPolicy = 'ALWAYS_ACCEPT' | 'ALWAYS_DENY' | 'ASK_MODERATOR' | 'ALWAYS_ACCEPT_AUTH'

export interface Attendee {
  internalUserID: string
  /** The external userID given at join (the internal one when none was given), as bbb-web reports it. */
  userID: string
  fullName: string
  role: Role
  guest: boolean
  simulated: boolean
  lastSeen: number
  sessionToken?: string
}

export interface Session {
  token: string
  authToken: string
  meetingID: string
  internalMeetingID: string
  internalUserID: string
  userID: string
  fullName: string
  role: Role
  guest: boolean
  guestStatus: GuestStatus
  /** pending: joined through the API, page not loaded yet; waiting: guest in the lobby. */
  state: 'pending' | 'waiting' | 'in' | 'left' | 'ended' | 'denied'
  createdAt: number
  lastSeen: number
}

export interface Meeting {
  meetingID: string
  internalMeetingID: string
  name: string
  createTime: number
  attendeePW: string
  moderatorPW: string
  voiceBridge: string
  dialNumber: string
  duration: number
  maxParticipants: number
  record: boolean
  metadata: Map<string, string>
  guestPolicy: GuestPolicy
  endWhenNoModerator: boolean
  endWhenNoModeratorDelayMinutes: number
  expireIfNoUserJoinedMinutes: number
  expireWhenLastUserLeftMinutes: number
  logoutURL: string | undefined
  welcome: string
  hasUserJoined: boolean
  startTime: number
  endTime: number
  state: 'running' | 'ending' | 'ended'
  forciblyEnded: boolean
  attendees: Map<string, Attendee>
  sessions: Set<string>
  uniqueUsers: Set<string>
  documents: number
  /** `disabledFeatures` of create, minus `disabledFeaturesExclude` (e.g. presentation, learningDashboard). */
  disabledFeatures: ReadonlySet<string>
  timers: Partial<Record<'noJoin' | 'lastLeft' | 'duration' | 'noModerator' | 'end' | 'purge', NodeJS.Timeout>>
}

export interface RecordingFormat {
  type: string
  url: string
  processingTime: number
  length: number
}

export interface Recording {
  recordID: string
  meetingID: string
  internalMeetingID: string
  name: string
  published: boolean
  state: 'published' | 'unpublished' | 'deleted'
  startTime: number
  endTime: number
  participants: number
  metadata: Map<string, string>
  formats: RecordingFormat[]
  textTracks: { kind: string; lang: string; label: string; source: string }[]
}

/** A mapped bbb-webhooks event (getRaw=false), before it is wrapped in `{ data: … }`. */
export interface DevEvent {
  id: string
  meetingID: string
  attributes: Record<string, unknown>
  ts: number
}

export interface StateOptions {
  clock: () => number
  maxMeetings: number
  maxAttendeesPerMeeting: number
  maxRecordings: number
  meetingExpireIfNoUserJoinedInMinutes: number
  meetingExpireWhenLastUserLeftInMinutes: number
  endDelayMs: number
  endedRetentionMs: number
  endedSessionsRetentionMs: number
  pendingSeatMs: number
  heartbeatTimeoutMs: number
  /** Base URL of the mount (ending in '/'), for playback links; undefined = unknown until a request. */
  playbackBase: () => string
  onEvent: (event: DevEvent) => void
  onMeetingEnded: (meeting: Meeting, recording: Recording | undefined) => void
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** A random lower-case alphanumeric token. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i]! % ALNUM.length]
  return out
}

function randomPassword(): string {
  return randomBytes(12).toString('base64url').slice(0, 16)
}

/**
 * The in-memory meeting state machine of the development server: meetings keyed by external meetingID,
 * sessions by sessionToken, recordings by recordID. Bounded by the caps in the options.
 */
export class DevState {
  readonly meetings = new Map<string, Meeting>()
  readonly sessions = new Map<string, Session>()
  readonly recordings = new Map<string, Recording>()
  private readonly voiceBridges = new Set<string>()
  private sweeper: NodeJS.Timeout | undefined
  private readonly sessionPurges = new Set<NodeJS.Timeout>()

  constructor(readonly options: StateOptions) {
    const every = Math.max(50, Math.min(5000, Math.floor(options.heartbeatTimeoutMs / 3)))
    this.sweeper = setInterval(() => this.sweep(), every)
    this.sweeper.unref()
  }

  private now(): number {
    return this.options.clock()
  }

  private emit(meeting: Meeting, id: string, attributes: Record<string, unknown>): void {
    this.options.onEvent({ id, meetingID: meeting.meetingID, attributes, ts: this.now() })
  }

  private meetingIds(meeting: Meeting): Record<string, unknown> {
    return { 'internal-meeting-id': meeting.internalMeetingID, 'external-meeting-id': meeting.meetingID }
  }

  /** Meetings that are not ended (ending ones included). */
  liveCount(): number {
    let n = 0
    for (const m of this.meetings.values()) if (m.state !== 'ended') n++
    return n
  }

  createMeeting(params: {
    meetingID: string
    name: string
    attendeePW?: string
    moderatorPW?: string
    duration: number
    maxParticipants: number
    record: boolean
    metadata: Map<string, string>
    guestPolicy: GuestPolicy
    endWhenNoModerator: boolean
    endWhenNoModeratorDelayMinutes: number
    expireIfNoUserJoinedMinutes?: number
    expireWhenLastUserLeftMinutes?: number
    logoutURL?: string
    welcome?: string
    voiceBridge?: string
    dialNumber?: string
    disabledFeatures?: ReadonlySet<string>
  }): Meeting {
    const createTime = this.now()
    let voiceBridge = params.voiceBridge
    if (!voiceBridge) {
      do voiceBridge = String(10000 + Math.floor(Math.random() * 90000))
      while (this.voiceBridges.has(voiceBridge) && this.voiceBridges.size < 80000)
    }
    const meeting: Meeting = {
      meetingID: params.meetingID,
      internalMeetingID: `${createHash('sha1').update(params.meetingID).digest('hex')}-${createTime}`,
      name: params.name,
      createTime,
      attendeePW: params.attendeePW ?? randomPassword(),
      moderatorPW: params.moderatorPW ?? randomPassword(),
      voiceBridge,
      dialNumber: params.dialNumber ?? '613-555-1234',
      duration: params.duration,
      maxParticipants: params.maxParticipants,
      record: params.record,
      metadata: params.metadata,
      guestPolicy: params.guestPolicy,
      endWhenNoModerator: params.endWhenNoModerator,
      endWhenNoModeratorDelayMinutes: params.endWhenNoModeratorDelayMinutes,
      expireIfNoUserJoinedMinutes:
        params.expireIfNoUserJoinedMinutes ?? this.options.meetingExpireIfNoUserJoinedInMinutes,
      expireWhenLastUserLeftMinutes:
        params.expireWhenLastUserLeftMinutes ?? this.options.meetingExpireWhenLastUserLeftInMinutes,
      logoutURL: params.logoutURL,
      welcome: params.welcome ?? '<br>Welcome to <b>%%CONFNAME%%</b>!',
      hasUserJoined: false,
      startTime: createTime,
      endTime: 0,
      state: 'running',
      forciblyEnded: false,
      attendees: new Map(),
      sessions: new Set(),
      uniqueUsers: new Set(),
      documents: 0,
      disabledFeatures: params.disabledFeatures ?? new Set(),
      timers: {},
    }
    const previous = this.meetings.get(meeting.meetingID)
    if (previous) this.forget(previous)
    this.meetings.set(meeting.meetingID, meeting)
    this.voiceBridges.add(voiceBridge)
    if (meeting.expireIfNoUserJoinedMinutes > 0) {
      meeting.timers.noJoin = this.timer(meeting.expireIfNoUserJoinedMinutes * 60_000, () => {
        if (!meeting.hasUserJoined) this.finishEnd(meeting, { forcibly: false, purgeNow: true })
      })
    }
    if (meeting.duration > 0) {
      meeting.timers.duration = this.timer(meeting.duration * 60_000, () =>
        this.finishEnd(meeting, { forcibly: true, purgeNow: false }),
      )
    }
    this.emit(meeting, 'meeting-created', {
      meeting: {
        ...this.meetingIds(meeting),
        name: meeting.name,
        'is-breakout': false,
        'parent-id': 'bbb-none',
        duration: meeting.duration,
        'create-time': meeting.createTime,
        'create-date': new Date(meeting.createTime).toString(),
        'moderator-pass': meeting.moderatorPW,
        'viewer-pass': meeting.attendeePW,
        record: meeting.record,
        'voice-conf': meeting.voiceBridge,
        'dial-number': meeting.dialNumber,
        'max-users': meeting.maxParticipants,
        metadata: Object.fromEntries(meeting.metadata),
      },
    })
    return meeting
  }

  private timer(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(fn, Math.max(0, ms))
    t.unref()
    return t
  }

  private clearTimers(meeting: Meeting, keep: 'purge' | undefined = undefined): void {
    for (const [name, t] of Object.entries(meeting.timers)) {
      if (name === keep) continue
      clearTimeout(t)
      delete meeting.timers[name as keyof Meeting['timers']]
    }
  }

  /** Unique external userIDs holding a seat: people in, plus joins not yet on the page (like bbb-web). */
  seatsTaken(meeting: Meeting): Set<string> {
    const now = this.now()
    const seats = new Set<string>()
    for (const a of meeting.attendees.values()) seats.add(a.userID)
    for (const token of meeting.sessions) {
      const s = this.sessions.get(token)
      if (s && s.state === 'pending' && now - s.createdAt < this.options.pendingSeatMs) seats.add(s.userID)
    }
    return seats
  }

  /** Whether one more user with this external userID may get a seat. */
  hasSeatFor(meeting: Meeting, userID: string | undefined): boolean {
    const seats = this.seatsTaken(meeting)
    if (userID !== undefined && seats.has(userID)) return true
    if (seats.size >= this.options.maxAttendeesPerMeeting) return false
    return meeting.maxParticipants <= 0 || seats.size < meeting.maxParticipants
  }

  createSession(meeting: Meeting, user: {
    userID?: string
    fullName: string
    role: Role
    guest: boolean
    guestStatus: GuestStatus
  }): Session {
    const internalUserID = `w_${randomToken(12)}`
    const now = this.now()
    const session: Session = {
      token: randomToken(16),
      authToken: randomToken(12),
      meetingID: meeting.meetingID,
      internalMeetingID: meeting.internalMeetingID,
      internalUserID,
      userID: user.userID ?? internalUserID,
      fullName: user.fullName,
      role: user.role,
      guest: user.guest,
      guestStatus: user.guestStatus,
      state: user.guestStatus === 'WAIT' ? 'waiting' : 'pending',
      createdAt: now,
      lastSeen: now,
    }
    this.sessions.set(session.token, session)
    meeting.sessions.add(session.token)
    return session
  }

  /** Sessions of meetings still in memory whose user has not left, with their meeting (getSessions). */
  activeSessions(): { session: Session; meeting: Meeting }[] {
    const out: { session: Session; meeting: Meeting }[] = []
    for (const meeting of this.meetings.values()) {
      for (const token of meeting.sessions) {
        const session = this.sessions.get(token)
        if (session && session.state !== 'left' && session.state !== 'ended') out.push({ session, meeting })
      }
    }
    return out
  }

  /** The meeting a session belongs to, when it is still the same meeting instance. */
  meetingOf(session: Session): Meeting | undefined {
    const m = this.meetings.get(session.meetingID)
    return m && m.internalMeetingID === session.internalMeetingID ? m : undefined
  }

  /** A heartbeat from the client page: enters the meeting on the first one (if admitted). */
  heartbeat(session: Session): void {
    const meeting = this.meetingOf(session)
    if (!meeting || meeting.state === 'ended') {
      if (session.state !== 'left') session.state = 'ended'
      return
    }
    session.lastSeen = this.now()
    if (session.state === 'waiting') {
      if (session.guestStatus === 'ALLOW') session.state = 'pending'
      else if (session.guestStatus === 'DENY') session.state = 'denied'
    }
    if (session.state === 'pending') {
      this.addAttendee(meeting, {
        internalUserID: session.internalUserID,
        userID: session.userID,
        fullName: session.fullName,
        role: session.role,
        guest: session.guest,
        simulated: false,
        lastSeen: session.lastSeen,
        sessionToken: session.token,
      })
      session.state = 'in'
    } else if (session.state === 'in') {
      const a = meeting.attendees.get(session.internalUserID)
      if (a) a.lastSeen = session.lastSeen
    }
  }

  leave(session: Session): void {
    const meeting = this.meetingOf(session)
    if (session.state === 'left' || session.state === 'ended') return
    session.state = 'left'
    if (meeting) this.removeAttendee(meeting, session.internalUserID)
  }

  addAttendee(meeting: Meeting, attendee: Attendee): void {
    if (meeting.attendees.has(attendee.internalUserID)) return
    meeting.attendees.set(attendee.internalUserID, attendee)
    meeting.uniqueUsers.add(attendee.userID)
    meeting.hasUserJoined = true
    if (meeting.timers.noJoin) clearTimeout(meeting.timers.noJoin)
    if (meeting.timers.lastLeft) clearTimeout(meeting.timers.lastLeft)
    if (attendee.role === 'MODERATOR' && meeting.timers.noModerator) clearTimeout(meeting.timers.noModerator)
    delete meeting.timers.noJoin
    delete meeting.timers.lastLeft
    if (attendee.role === 'MODERATOR') delete meeting.timers.noModerator
    this.emit(meeting, 'user-joined', {
      meeting: this.meetingIds(meeting),
      user: {
        'internal-user-id': attendee.internalUserID,
        'external-user-id': attendee.userID,
        name: attendee.fullName,
        role: attendee.role,
        presenter: false,
        guest: attendee.guest,
      },
    })
  }

  removeAttendee(meeting: Meeting, internalUserID: string): boolean {
    const attendee = meeting.attendees.get(internalUserID)
    if (!attendee) return false
    meeting.attendees.delete(internalUserID)
    this.emit(meeting, 'user-left', {
      meeting: this.meetingIds(meeting),
      user: {
        'internal-user-id': attendee.internalUserID,
        'external-user-id': attendee.userID,
        guest: attendee.guest,
      },
    })
    if (meeting.state !== 'running') return true
    if (meeting.attendees.size === 0) {
      if (meeting.expireWhenLastUserLeftMinutes > 0) {
        meeting.timers.lastLeft = this.timer(meeting.expireWhenLastUserLeftMinutes * 60_000, () => {
          if (meeting.attendees.size === 0) this.finishEnd(meeting, { forcibly: false, purgeNow: true })
        })
      }
    } else if (
      meeting.endWhenNoModerator &&
      attendee.role === 'MODERATOR' &&
      ![...meeting.attendees.values()].some((a) => a.role === 'MODERATOR') &&
      !meeting.timers.noModerator
    ) {
      meeting.timers.noModerator = this.timer(meeting.endWhenNoModeratorDelayMinutes * 60_000, () => {
        delete meeting.timers.noModerator
        if (![...meeting.attendees.values()].some((a) => a.role === 'MODERATOR')) {
          this.finishEnd(meeting, { forcibly: true, purgeNow: false })
        }
      })
    }
    return true
  }

  /** The `end` call: answered at once, the meeting ends a moment later (like bbb-web). */
  requestEnd(meeting: Meeting): void {
    if (meeting.state !== 'running') return
    meeting.state = 'ending'
    meeting.forciblyEnded = true
    meeting.timers.end = this.timer(this.options.endDelayMs, () =>
      this.finishEnd(meeting, { forcibly: true, purgeNow: false }),
    )
  }

  finishEnd(meeting: Meeting, how: { forcibly: boolean; purgeNow: boolean }): void {
    if (meeting.state === 'ended') return
    this.clearTimers(meeting)
    if (how.forcibly) meeting.forciblyEnded = true
    for (const id of [...meeting.attendees.keys()]) this.removeAttendee(meeting, id)
    meeting.state = 'ended'
    meeting.endTime = this.now()
    for (const token of meeting.sessions) {
      const s = this.sessions.get(token)
      if (s && s.state !== 'left') s.state = 'ended'
    }
    this.emit(meeting, 'meeting-ended', { meeting: this.meetingIds(meeting) })
    const recording = meeting.record && meeting.hasUserJoined ? this.makeRecording(meeting) : undefined
    this.options.onMeetingEnded(meeting, recording)
    // bbb-web removes an ended meeting at once (MeetingService.processRemoveEndedMeeting); a retention
    // above 0 keeps it listed a while, as a slower server would, so that clients can be tested against it.
    if (how.purgeNow || this.options.endedRetentionMs <= 0) this.forget(meeting, { keepSessions: true })
    else meeting.timers.purge = this.timer(this.options.endedRetentionMs, () => this.forget(meeting, { keepSessions: true }))
  }

  /**
   * Drops a meeting from memory. Its sessions go at once, or (keepSessions) after endedSessionsRetentionMs so
   * that open client pages still learn that the meeting ended, as bbb-web keeps removed sessions a while.
   */
  forget(meeting: Meeting, how: { keepSessions: boolean } = { keepSessions: false }): void {
    this.clearTimers(meeting)
    if (this.meetings.get(meeting.meetingID) === meeting) this.meetings.delete(meeting.meetingID)
    this.voiceBridges.delete(meeting.voiceBridge)
    const tokens = [...meeting.sessions]
    meeting.sessions.clear()
    const drop = () => {
      for (const token of tokens) this.sessions.delete(token)
    }
    if (!how.keepSessions || this.options.endedSessionsRetentionMs <= 0) return drop()
    const t = this.timer(this.options.endedSessionsRetentionMs, () => {
      this.sessionPurges.delete(t)
      drop()
    })
    this.sessionPurges.add(t)
  }

  private makeRecording(meeting: Meeting): Recording {
    const recordID = meeting.internalMeetingID
    const lengthMinutes = Math.round((meeting.endTime - meeting.createTime) / 60_000)
    const metadata = new Map(meeting.metadata)
    metadata.set('isBreakout', 'false')
    metadata.set('meetingId', meeting.meetingID)
    metadata.set('meetingName', meeting.name)
    const recording: Recording = {
      recordID,
      meetingID: meeting.meetingID,
      internalMeetingID: meeting.internalMeetingID,
      name: meeting.name,
      published: true,
      state: 'published',
      startTime: meeting.createTime,
      endTime: meeting.endTime,
      participants: meeting.uniqueUsers.size,
      metadata,
      formats: [
        {
          type: 'presentation',
          url: `${this.options.playbackBase()}playback/presentation/2.3/${recordID}`,
          processingTime: 0,
          length: lengthMinutes,
        },
      ],
      textTracks: [],
    }
    this.recordings.set(recordID, recording)
    while (this.recordings.size > this.options.maxRecordings) {
      const oldest = this.recordings.keys().next().value as string
      this.recordings.delete(oldest)
    }
    this.options.onEvent({
      id: 'rap-publish-ended',
      meetingID: meeting.meetingID,
      ts: this.now(),
      attributes: {
        meeting: this.meetingIds(meeting),
        'record-id': recordID,
        success: true,
        'step-time': 0,
        workflow: 'presentation',
        recording: {
          name: meeting.name,
          'is-breakout': false,
          'start-time': recording.startTime,
          'end-time': recording.endTime,
          size: 0,
          'raw-size': 0,
          metadata: Object.fromEntries(meeting.metadata),
          playback: { format: 'presentation', link: recording.formats[0]!.url },
          download: {},
        },
      },
    })
    return recording
  }

  /** Removes client-page attendees and lobby guests whose heartbeats stopped. */
  sweep(): void {
    const limit = this.now() - this.options.heartbeatTimeoutMs
    for (const meeting of this.meetings.values()) {
      if (meeting.state === 'ended') continue
      for (const a of [...meeting.attendees.values()]) {
        if (!a.simulated && a.lastSeen < limit) {
          const s = a.sessionToken ? this.sessions.get(a.sessionToken) : undefined
          if (s) s.state = 'left'
          this.removeAttendee(meeting, a.internalUserID)
        }
      }
      for (const token of meeting.sessions) {
        const s = this.sessions.get(token)
        if (s && s.state === 'waiting' && s.lastSeen < limit) s.state = 'left'
      }
    }
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper)
    this.sweeper = undefined
    for (const m of this.meetings.values()) this.clearTimers(m)
    for (const t of this.sessionPurges) clearTimeout(t)
    this.sessionPurges.clear()
  }
}
