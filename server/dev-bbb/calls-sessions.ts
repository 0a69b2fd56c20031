import { checksum } from '../bbb/index.js'
import { xml, type CallContext, type Reply } from './call-context.js'
import type { Meeting, Role, Session } from './model.js'
import { el, response } from './xml.js'

// The calls made with a user's sessionToken (getJoinUrl, learningDashboard) and getSessions.

export function getSessions(c: CallContext): Reply {
  const sessions = c.state.meetings.activeSessions()
  if (sessions.length === 0) {
    return xml(response('SUCCESS', '<sessions/>' + el('messageKey', 'noSessions') + el('message', 'no sessions were found on this serverr')))
  }
  const items = sessions.map(
    ({ session, meeting }) =>
      '<meeting>' + el('meetingID', meeting.internalMeetingID) + el('meetingName', meeting.name) + el('userName', session.fullName) + '</meeting>',
  )
  return xml(response('SUCCESS', `<sessions>${items.join('')}</sessions>`))
}

/** A refusal as ApiController writes it: returncode, message, and the sessionToken that was refused. */
function jsonFailed(c: CallContext, message: string): Reply {
  const sessionToken = c.params.get('sessionToken')
  return { kind: 'json', body: { response: { returncode: 'FAILED', message, ...(sessionToken !== undefined ? { sessionToken } : {}) } } }
}

/**
 * The session of a sessionToken when its meeting is running, or the message bbb-web refuses with (in its
 * order: session, role when one is required, meeting).
 */
function runningSession(c: CallContext, needRole?: Role): { session: Session; meeting: Meeting } | { refused: string } {
  const token = c.params.text('sessionToken')
  const session = token !== undefined ? c.state.sessions.get(token) : undefined
  if (!session || session.state === 'left' || session.state === 'ended' || session.state === 'denied') return { refused: 'Invalid Session' }
  if (needRole && session.role !== needRole) return { refused: 'Access denied' }
  const meeting = c.state.meetings.meetingOf(session)
  if (!meeting || meeting.state === 'ended' || meeting.attendees.size === 0) return { refused: 'Meeting not found' }
  return { session, meeting }
}

/**
 * getJoinUrl (bbb-web 2.7/3.0, JSON): for a sessionToken of a running meeting, a fresh signed join URL for the
 * same user (fullName, meetingID, role, redirect=true, userID), signed with sha1 as bbb-web does.
 */
export function getJoinUrl(c: CallContext): Reply {
  const found = runningSession(c)
  if ('refused' in found) return jsonFailed(c, found.refused)
  const { session, meeting } = found
  const query = new URLSearchParams([
    ['fullName', session.fullName],
    ['meetingID', meeting.meetingID],
    ['role', session.role],
    ['redirect', 'true'],
    ['userID', session.userID],
  ]).toString()
  const url = `${c.base}api/join?${query}&checksum=${checksum('join', query, c.secret, 'sha1')}`
  return { kind: 'json', body: { response: { returncode: 'SUCCESS', message: 'Join URL provided successfully.', url } } }
}

/**
 * learningDashboard (bbb-web 2.4+, JSON): a moderator's sessionToken gets the meeting's activity data as a JSON
 * string in `data`; refused when the feature is disabled for the meeting.
 */
export function learningDashboard(c: CallContext): Reply {
  const found = runningSession(c, 'MODERATOR')
  if ('refused' in found) return jsonFailed(c, found.refused)
  const { meeting } = found
  if (meeting.disabledFeatures.has('learningDashboard')) return jsonFailed(c, 'Learning Dashboard disabled for this meeting')
  const users: Record<string, unknown> = {}
  for (const a of meeting.attendees.values()) {
    users[a.userID] = { userKey: a.userID, extId: a.userID, intIds: { [a.internalUserID]: { intId: a.internalUserID } }, name: a.fullName, isModerator: a.role === 'MODERATOR' }
  }
  const data = JSON.stringify({
    intId: meeting.internalMeetingID,
    extId: meeting.meetingID,
    name: meeting.name,
    downloadSessionDataEnabled: !meeting.disabledFeatures.has('learningDashboardDownloadSessionData'),
    users,
    polls: {},
    screenshares: [],
    presentationSlides: [],
    createdOn: meeting.createTime,
    endedOn: 0,
  })
  return { kind: 'json', body: { response: { returncode: 'SUCCESS', data } } }
}
