import { createHash, randomBytes } from 'node:crypto'
import * as events from './events.js'
import type { Attendee, DevEvent, GuestPolicy, GuestStatus, Meeting, Presentation, Recording, Role, Session } from './model.js'
import { fetchPresentation } from './presentations.js'
import type { Recordings } from './recordings.js'
import type { Sessions } from './sessions.js'

export interface MeetingsOptions {
  clock: () => number
  maxAttendeesPerMeeting: number
  meetingExpireIfNoUserJoinedInMinutes: number
  meetingExpireWhenLastUserLeftInMinutes: number
  endDelayMs: number
  endedRetentionMs: number
  endedSessionsRetentionMs: number
  pendingSeatMs: number
  heartbeatTimeoutMs: number
  /** Base URL of the mount (ending in '/'), for playback links. */
  playbackBase: () => string
  onEvent: (event: DevEvent) => void
  onMeetingEnded: (meeting: Meeting, recording: Recording | undefined) => void
}

export interface CreateMeeting {
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
}

function randomPassword(): string {
  return randomBytes(12).toString('base64url').slice(0, 16)
}

/**
 * The meeting lifecycle of the development server, keyed by external meetingID: idempotent create, seats,
 * who is in, end (asynchronous, like bbb-web), the expiry timers, and the recording made when a recorded
 * meeting ends. Read through `get`/`values`; changed only through the methods.
 */
export class Meetings {
  private readonly byId = new Map<string, Meeting>()
  private readonly voiceBridges = new Set<string>()
  private sweeper: NodeJS.Timeout | undefined

  constructor(
    private readonly options: MeetingsOptions,
    private readonly sessions: Sessions,
    private readonly recordings: Recordings,
  ) {
    const every = Math.max(50, Math.min(5000, Math.floor(options.heartbeatTimeoutMs / 3)))
    this.sweeper = setInterval(() => this.sweep(), every)
    this.sweeper.unref()
  }

  private now(): number {
    return this.options.clock()
  }

  get size(): number {
    return this.byId.size
  }

  get(meetingID: string): Meeting | undefined {
    return this.byId.get(meetingID)
  }

  values(): IterableIterator<Meeting> {
    return this.byId.values()
  }

  /** Meetings that are not ended (ending ones included). */
  liveCount(): number {
    let n = 0
    for (const m of this.byId.values()) if (m.state !== 'ended') n++
    return n
  }

  create(params: CreateMeeting): Meeting {
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
      expireIfNoUserJoinedMinutes: params.expireIfNoUserJoinedMinutes ?? this.options.meetingExpireIfNoUserJoinedInMinutes,
      expireWhenLastUserLeftMinutes: params.expireWhenLastUserLeftMinutes ?? this.options.meetingExpireWhenLastUserLeftInMinutes,
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
      presentations: [],
      disabledFeatures: params.disabledFeatures ?? new Set(),
      timers: {},
    }
    const previous = this.byId.get(meeting.meetingID)
    if (previous) this.forget(previous, { keepSessions: false })
    this.byId.set(meeting.meetingID, meeting)
    this.voiceBridges.add(voiceBridge)
    if (meeting.expireIfNoUserJoinedMinutes > 0) {
      meeting.timers.noJoin = this.timer(meeting.expireIfNoUserJoinedMinutes * 60_000, () => {
        if (!meeting.hasUserJoined) this.finishEnd(meeting, { forcibly: false, purgeNow: true })
      })
    }
    if (meeting.duration > 0) {
      meeting.timers.duration = this.timer(meeting.duration * 60_000, () => this.finishEnd(meeting, { forcibly: true, purgeNow: false }))
    }
    this.options.onEvent(events.meetingCreated(meeting, this.now()))
    return meeting
  }

  /**
   * Documents given at create or by insertDocument: kept in order (a new `current` one takes over) and those given by
   * URL fetched in the background, as bbb-web does; the dev server converts nothing. Resolves once all are fetched.
   */
  addDocuments(meeting: Meeting, docs: Presentation[]): Promise<void> {
    meeting.documents += docs.length
    if (docs.some((d) => d.current)) for (const d of meeting.presentations) d.current = false
    meeting.presentations.push(...docs)
    // Without a document marked current, the first one is shown, as bbb-web does.
    if (!meeting.presentations.some((d) => d.current) && meeting.presentations[0]) meeting.presentations[0].current = true
    const fetching = Promise.all(docs.map((d) => fetchPresentation(d))).then(() => undefined)
    this.fetches.add(fetching)
    void fetching.finally(() => this.fetches.delete(fetching))
    return fetching
  }

  /** Resolves when every document download started so far is done (tests; closing). */
  async presentationsSettled(): Promise<void> {
    await Promise.all([...this.fetches])
  }

  private readonly fetches = new Set<Promise<void>>()

  private timer(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(fn, Math.max(0, ms))
    t.unref()
    return t
  }

  private clearTimers(meeting: Meeting): void {
    for (const [name, t] of Object.entries(meeting.timers)) {
      clearTimeout(t)
      delete meeting.timers[name as keyof Meeting['timers']]
    }
  }

  private sessionsOf(meeting: Meeting): Session[] {
    const out: Session[] = []
    for (const token of meeting.sessions) {
      const s = this.sessions.get(token)
      if (s) out.push(s)
    }
    return out
  }

  /** Unique external userIDs holding a seat: people in, plus joins not yet on the page (like bbb-web). */
  seatsTaken(meeting: Meeting): Set<string> {
    const now = this.now()
    const seats = new Set<string>()
    for (const a of meeting.attendees.values()) seats.add(a.userID)
    for (const s of this.sessionsOf(meeting)) {
      if (s.state === 'pending' && now - s.createdAt < this.options.pendingSeatMs) seats.add(s.userID)
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

  /** A join accepted by the API: a session that enters the meeting with its page's first heartbeat. */
  join(meeting: Meeting, user: { userID?: string; fullName: string; role: Role; guest: boolean; guestStatus: GuestStatus }): Session {
    const session = this.sessions.create(meeting, user)
    meeting.sessions.add(session.token)
    return session
  }

  /** Sessions of meetings still in memory whose user has not left, with their meeting (getSessions). */
  activeSessions(): { session: Session; meeting: Meeting }[] {
    const out: { session: Session; meeting: Meeting }[] = []
    for (const meeting of this.byId.values()) {
      for (const session of this.sessionsOf(meeting)) {
        if (session.state !== 'left' && session.state !== 'ended') out.push({ session, meeting })
      }
    }
    return out
  }

  /** The meeting a session belongs to, when it is still the same meeting instance. */
  meetingOf(session: Session): Meeting | undefined {
    const m = this.byId.get(session.meetingID)
    return m && m.internalMeetingID === session.internalMeetingID ? m : undefined
  }

  /** Guests of the meeting waiting in the lobby. */
  waitingGuests(meeting: Meeting): Session[] {
    return this.sessionsOf(meeting).filter((s) => s.state === 'waiting' && s.guestStatus === 'WAIT')
  }

  /** A moderator in the meeting lets a waiting guest in, or not; false when there is no such guest. */
  decideGuest(meeting: Meeting, internalUserID: string, decision: 'ALLOW' | 'DENY'): boolean {
    const target = this.sessionsOf(meeting).find((s) => s.internalUserID === internalUserID && s.state === 'waiting')
    if (!target) return false
    this.sessions.decide(target, decision)
    return true
  }

  /** A heartbeat from the client page: enters the meeting on the first one (if admitted). */
  heartbeat(session: Session): void {
    const meeting = this.meetingOf(session)
    if (!meeting || meeting.state === 'ended') return this.sessions.end(session)
    this.sessions.touch(session)
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
      this.sessions.enter(session)
    } else if (session.state === 'in') {
      const a = meeting.attendees.get(session.internalUserID)
      if (a) a.lastSeen = session.lastSeen
    }
  }

  leave(session: Session): void {
    if (session.state === 'left' || session.state === 'ended') return
    this.sessions.leave(session)
    const meeting = this.meetingOf(session)
    if (meeting) this.removeAttendee(meeting, session.internalUserID)
  }

  /** Finds an attendee by internal or external userID (the dev routes accept either). */
  findAttendee(meeting: Meeting, id: string): Attendee | undefined {
    return meeting.attendees.get(id) ?? [...meeting.attendees.values()].find((a) => a.userID === id)
  }

  addAttendee(meeting: Meeting, attendee: Attendee): void {
    if (meeting.attendees.has(attendee.internalUserID)) return
    meeting.attendees.set(attendee.internalUserID, attendee)
    meeting.uniqueUsers.add(attendee.userID)
    meeting.hasUserJoined = true
    const stopped: Array<keyof Meeting['timers']> = ['noJoin', 'lastLeft']
    if (attendee.role === 'MODERATOR') stopped.push('noModerator')
    for (const name of stopped) {
      clearTimeout(meeting.timers[name])
      delete meeting.timers[name]
    }
    this.options.onEvent(events.userJoined(meeting, attendee, this.now()))
  }

  /** Removes someone from the meeting; `left`: their page (if any) shows them as gone, not the meeting as ended. */
  removeAttendee(meeting: Meeting, internalUserID: string, how: { left: boolean } = { left: true }): boolean {
    const attendee = meeting.attendees.get(internalUserID)
    if (!attendee) return false
    meeting.attendees.delete(internalUserID)
    const session = attendee.sessionToken ? this.sessions.get(attendee.sessionToken) : undefined
    if (how.left && session) this.sessions.leave(session)
    this.options.onEvent(events.userLeft(meeting, attendee, this.now()))
    if (meeting.state !== 'running') return true
    const moderatorLeft = () => ![...meeting.attendees.values()].some((a) => a.role === 'MODERATOR')
    if (meeting.attendees.size === 0) {
      if (meeting.expireWhenLastUserLeftMinutes > 0) {
        meeting.timers.lastLeft = this.timer(meeting.expireWhenLastUserLeftMinutes * 60_000, () => {
          if (meeting.attendees.size === 0) this.finishEnd(meeting, { forcibly: false, purgeNow: true })
        })
      }
    } else if (meeting.endWhenNoModerator && attendee.role === 'MODERATOR' && moderatorLeft() && !meeting.timers.noModerator) {
      meeting.timers.noModerator = this.timer(meeting.endWhenNoModeratorDelayMinutes * 60_000, () => {
        delete meeting.timers.noModerator
        if (moderatorLeft()) this.finishEnd(meeting, { forcibly: true, purgeNow: false })
      })
    }
    return true
  }

  /** The `end` call: answered at once, the meeting ends a moment later (like bbb-web). */
  requestEnd(meeting: Meeting): void {
    if (meeting.state !== 'running') return
    meeting.state = 'ending'
    meeting.forciblyEnded = true
    meeting.timers.end = this.timer(this.options.endDelayMs, () => this.finishEnd(meeting, { forcibly: true, purgeNow: false }))
  }

  private finishEnd(meeting: Meeting, how: { forcibly: boolean; purgeNow: boolean }): void {
    if (meeting.state === 'ended') return
    this.clearTimers(meeting)
    if (how.forcibly) meeting.forciblyEnded = true
    for (const id of [...meeting.attendees.keys()]) this.removeAttendee(meeting, id, { left: false })
    meeting.state = 'ended'
    meeting.endTime = this.now()
    for (const s of this.sessionsOf(meeting)) this.sessions.end(s)
    this.options.onEvent(events.meetingEnded(meeting, this.now()))
    let recording: Recording | undefined
    if (meeting.record && meeting.hasUserJoined) {
      recording = this.recordings.addFor(meeting, this.options.playbackBase())
      this.options.onEvent(events.recordingPublished(meeting, recording, this.now()))
    }
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
  private forget(meeting: Meeting, how: { keepSessions: boolean }): void {
    this.clearTimers(meeting)
    if (this.byId.get(meeting.meetingID) === meeting) this.byId.delete(meeting.meetingID)
    this.voiceBridges.delete(meeting.voiceBridge)
    this.sessions.drop(meeting.sessions, how.keepSessions ? this.options.endedSessionsRetentionMs : 0)
    meeting.sessions.clear()
  }

  /** Removes client-page attendees and lobby guests whose heartbeats stopped. */
  sweep(): void {
    const limit = this.now() - this.options.heartbeatTimeoutMs
    for (const meeting of this.byId.values()) {
      if (meeting.state === 'ended') continue
      for (const a of [...meeting.attendees.values()]) {
        if (!a.simulated && a.lastSeen < limit) this.removeAttendee(meeting, a.internalUserID)
      }
      for (const s of this.sessionsOf(meeting)) {
        if (s.state === 'waiting' && s.lastSeen < limit) this.sessions.leave(s)
      }
    }
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper)
    this.sweeper = undefined
    for (const m of this.byId.values()) this.clearTimers(m)
  }
}
