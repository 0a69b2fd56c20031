import { Meetings, type MeetingsOptions } from './meetings.js'
import { Recordings } from './recordings.js'
import { Sessions } from './sessions.js'

export type { Attendee, DevEvent, GuestPolicy, GuestStatus, Meeting, Recording, RecordingFormat, Role, Session } from './model.js'
export { randomToken } from './model.js'

export interface StateOptions extends MeetingsOptions {
  maxRecordings: number
}

/**
 * The in-memory state of the development server: meetings (keyed by external meetingID), the user sessions
 * (by sessionToken) and the recordings (by recordID), each behind its own class; read through their
 * getters, changed only through their methods.
 */
export class DevState {
  readonly sessions: Sessions
  readonly recordings: Recordings
  readonly meetings: Meetings

  constructor(options: StateOptions) {
    this.sessions = new Sessions(options.clock)
    this.recordings = new Recordings(options.maxRecordings)
    this.meetings = new Meetings(options, this.sessions, this.recordings)
  }

  close(): void {
    this.meetings.close()
    this.sessions.close()
  }
}
