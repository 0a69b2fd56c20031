import { randomToken, type GuestStatus, type Meeting, type Role, type Session } from './model.js'

/**
 * The user sessions (sessionToken → who joined which meeting instance). Read through `get`; changed only
 * through the methods, which keep the session's state machine: pending → in → left | ended, or
 * waiting → pending | denied for a guest in the lobby.
 */
export class Sessions {
  private readonly byToken = new Map<string, Session>()
  private readonly purges = new Set<NodeJS.Timeout>()

  constructor(private readonly clock: () => number) {}

  get(token: string): Session | undefined {
    return this.byToken.get(token)
  }

  create(meeting: Meeting, user: { userID?: string; fullName: string; role: Role; guest: boolean; guestStatus: GuestStatus }): Session {
    const internalUserID = `w_${randomToken(12)}`
    const now = this.clock()
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
    this.byToken.set(session.token, session)
    return session
  }

  /** A heartbeat: a waiting guest moves on once a moderator decided. */
  touch(session: Session): void {
    session.lastSeen = this.clock()
    if (session.state !== 'waiting') return
    if (session.guestStatus === 'ALLOW') session.state = 'pending'
    else if (session.guestStatus === 'DENY') session.state = 'denied'
  }

  enter(session: Session): void {
    if (session.state === 'pending') session.state = 'in'
  }

  leave(session: Session): void {
    session.state = 'left'
  }

  /** The meeting ended under the session (one that already left stays left). */
  end(session: Session): void {
    if (session.state !== 'left') session.state = 'ended'
  }

  /** A moderator's decision on a guest in the lobby. */
  decide(session: Session, decision: 'ALLOW' | 'DENY'): void {
    session.guestStatus = decision
    if (decision === 'DENY') session.state = 'denied'
  }

  /** Forgets sessions now, or after `delayMs` (0 = now). */
  drop(tokens: Iterable<string>, delayMs = 0): void {
    const list = [...tokens]
    const run = () => {
      for (const token of list) this.byToken.delete(token)
    }
    if (delayMs <= 0) return run()
    const t = setTimeout(() => {
      this.purges.delete(t)
      run()
    }, delayMs)
    t.unref()
    this.purges.add(t)
  }

  close(): void {
    for (const t of this.purges) clearTimeout(t)
    this.purges.clear()
  }
}
