import { fail, list, META_NAME, CONTROL, number, xml, type CallContext, type Reply } from './call-context.js'
import type { GuestPolicy, GuestStatus, Meeting, Role } from './model.js'
import { parsePresentationModule } from './presentations.js'
import { createXml, joinXml, meetingBody } from './render.js'
import { el, response } from './xml.js'

// create, join, end and the meeting monitoring calls, answered as bbb-web's ApiController does.

const GUEST_POLICIES: readonly GuestPolicy[] = ['ALWAYS_ACCEPT', 'ALWAYS_DENY', 'ASK_MODERATOR', 'ALWAYS_ACCEPT_AUTH']
const NOT_FOUND_MEETING = 'We could not find a meeting with that meeting ID - perhaps the meeting is not yet running?'

function meetingIdProblem(id: string | undefined): Reply | undefined {
  if (id === undefined) return fail('missingParamMeetingID', 'You must specify a meeting ID for the meeting.')
  if (id.length < 2 || id.length > 256) return fail('validationError', 'Meeting ID must be between 2 and 256 characters')
  if (id.includes(',')) return fail('validationError', 'Meeting ID cannot contain \',\'')
  if (CONTROL.test(id)) return fail('validationError', 'Meeting ID cannot contain control characters')
  return undefined
}

function liveMeeting(c: CallContext, id: string): Meeting | undefined {
  const m = c.state.meetings.get(id)
  return m && m.state !== 'ended' ? m : undefined
}

export function create(c: CallContext): Reply {
  const p = c.params
  const meetingID = p.text('meetingID')
  const idProblem = meetingIdProblem(meetingID)
  if (idProblem) return idProblem
  const name = p.text('name')
  if (name === undefined) return fail('validationError', 'You must provide a meeting name')
  if (name.length > 256 || CONTROL.test(name)) return fail('validationError', 'Meeting name is invalid')

  const existing = liveMeeting(c, meetingID!)
  if (existing) {
    const a = p.text('attendeePW')
    const m = p.text('moderatorPW')
    if ((a !== undefined && a !== existing.attendeePW) || (m !== undefined && m !== existing.moderatorPW)) {
      return fail('idNotUnique', 'A meeting already exists with that meeting ID. Please use a different meeting ID.')
    }
    return xml(createXml(existing, true))
  }
  if (c.state.meetings.liveCount() >= c.maxMeetings) {
    return fail('maxMeetingsReached', `This development server holds at most ${c.maxMeetings} meetings at a time.`)
  }

  const ints: Record<string, number> = {}
  // duration may be fractional here (BBB takes whole minutes) so that tests can be quick.
  for (const [key, integer] of [['duration', false], ['maxParticipants', true]] as const) {
    const n = number(p, key, 0, integer)
    if (typeof n !== 'number') return n
    ints[key] = n
  }
  const minutes: Record<string, number | undefined> = {}
  for (const key of [
    'meetingExpireIfNoUserJoinedInMinutes',
    'meetingExpireWhenLastUserLeftInMinutes',
    'endWhenNoModeratorDelayInMinutes',
  ]) {
    if (p.text(key) === undefined) continue
    const n = number(p, key, 0, false)
    if (typeof n !== 'number') return n
    minutes[key] = n
  }
  const metadata = new Map<string, string>()
  for (const [k, v] of p.entries()) if (META_NAME.test(k)) metadata.set(k.slice(5).toLowerCase(), v)
  const policy = p.text('guestPolicy')?.toUpperCase() as GuestPolicy | undefined
  const excluded = new Set(list(p.get('disabledFeaturesExclude')))
  const disabledFeatures = new Set(list(p.get('disabledFeatures')).filter((f) => !excluded.has(f)))

  const meeting = c.state.meetings.create({
    meetingID: meetingID!,
    name,
    attendeePW: p.text('attendeePW'),
    moderatorPW: p.text('moderatorPW'),
    duration: ints.duration,
    maxParticipants: ints.maxParticipants,
    record: p.bool('record', false),
    metadata,
    guestPolicy: policy && GUEST_POLICIES.includes(policy) ? policy : 'ALWAYS_ACCEPT',
    endWhenNoModerator: p.bool('endWhenNoModerator', false),
    endWhenNoModeratorDelayMinutes: minutes.endWhenNoModeratorDelayInMinutes ?? 1,
    expireIfNoUserJoinedMinutes: minutes.meetingExpireIfNoUserJoinedInMinutes,
    expireWhenLastUserLeftMinutes: minutes.meetingExpireWhenLastUserLeftInMinutes,
    logoutURL: p.text('logoutURL'),
    welcome: p.get('welcome'),
    voiceBridge: p.text('voiceBridge'),
    dialNumber: p.text('dialNumber'),
    disabledFeatures,
  })
  meeting.createParams = Object.fromEntries([...p.entries()].filter(([k]) => k !== 'checksum'))
  // Pre-uploaded documents are ignored when the presentation feature is disabled (ApiController.uploadDocuments).
  if (c.xmlBody && !disabledFeatures.has('presentation')) void c.state.meetings.addDocuments(meeting, parsePresentationModule(c.xmlBody))
  return xml(createXml(meeting, false))
}

export function join(c: CallContext): Reply {
  const p = c.params
  const redirect = p.get('redirect')?.toLowerCase() !== 'false'
  const meetingID = p.text('meetingID')
  const meeting = meetingID !== undefined ? c.state.meetings.get(meetingID) : undefined
  const error = (key: string, message: string): Reply => {
    if (!redirect) return fail(key, message)
    return errorRedirect(httpUrl(p.text('errorRedirectUrl')) ?? httpUrl(meeting?.logoutURL) ?? c.base, [{ key, message }])
  }
  const fullName = p.text('fullName')
  if (meetingID === undefined) return error('missingParamMeetingID', 'You must specify a meeting ID for the meeting.')
  if (fullName === undefined) return error('missingParamFullName', 'You must specify a name for the attendee who will be joining the meeting.')
  if (CONTROL.test(fullName) || fullName.length > 255) return error('validationError', 'The full name is invalid')
  if (!meeting) {
    return error('invalidMeetingIdentifier', 'The meeting ID that you supplied did not match any existing meetings')
  }
  if (meeting.state !== 'running') {
    return error('meetingForciblyEnded', 'You can not re-join a meeting that has already been forcibly ended.')
  }
  const createTime = p.text('createTime')
  if (createTime !== undefined && createTime !== String(meeting.createTime)) {
    return error('mismatchCreateTimeParam', 'The createTime parameter submitted mismatches with the current meeting.')
  }
  let role: Role | undefined
  const givenRole = p.text('role')?.toUpperCase()
  if (givenRole === 'MODERATOR' || givenRole === 'VIEWER') role = givenRole
  else {
    const password = p.get('password')
    if (password === undefined) {
      return error('Params required', 'You must provide either a valid role (MODERATOR or VIEWER) or a password.')
    }
    if (password === meeting.moderatorPW) role = 'MODERATOR'
    else if (password === meeting.attendeePW) role = 'VIEWER'
    else {
      return error('invalidPassword', 'You either did not supply a password or the password supplied is neither the attendee or moderator password for this conference.')
    }
  }
  const guest = p.bool('guest', false)
  let guestStatus: GuestStatus = 'ALLOW'
  if (guest) {
    if (meeting.guestPolicy === 'ALWAYS_DENY') guestStatus = 'DENY'
    else if (meeting.guestPolicy === 'ASK_MODERATOR' || meeting.guestPolicy === 'ALWAYS_ACCEPT_AUTH') guestStatus = 'WAIT'
  }
  if (guestStatus === 'DENY') return error('guestDeniedAccess', 'You have been denied access to this meeting based on the meeting\'s guest policy')
  const userID = p.text('userID')
  if (!c.state.meetings.hasSeatFor(meeting, userID)) {
    return error('maxParticipantsReached', 'The number of participants allowed for this meeting has been reached.')
  }
  const session = c.state.meetings.join(meeting, { userID, fullName, role, guest, guestStatus })
  const url = `${c.base}client?sessionToken=${session.token}`
  return redirect ? { kind: 'redirect', location: url } : xml(joinXml(session, url))
}

/** The value when it is an absolute http(s) URL: never redirect a browser to `javascript:` or `data:`. */
function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : undefined
  } catch {
    return undefined
  }
}

function errorRedirect(target: string, errors: { key: string; message: string }[]): Reply {
  const sep = target.includes('?') ? '&' : '?'
  return { kind: 'redirect', location: `${target}${sep}errors=${encodeURIComponent(JSON.stringify(errors))}` }
}

export function end(c: CallContext): Reply {
  const id = c.params.text('meetingID')
  if (id === undefined) return fail('missingParamMeetingID', 'You must specify a meeting ID for the meeting.')
  const meeting = c.state.meetings.get(id)
  if (!meeting || meeting.state === 'ended') return fail('notFound', NOT_FOUND_MEETING)
  const password = c.params.get('password')
  if (password !== undefined && password !== meeting.moderatorPW) {
    return fail('invalidPassword', 'You must supply the moderator password for this call.')
  }
  c.state.meetings.requestEnd(meeting)
  return xml(
    response(
      'SUCCESS',
      el('messageKey', 'sentEndMeetingRequest') +
        el('message', 'A request to end the meeting was sent. Please wait a few seconds, and then use the getMeetingInfo or isMeetingRunning API calls to verify that it was ended.'),
    ),
  )
}

export function isMeetingRunning(c: CallContext): Reply {
  const id = c.params.text('meetingID')
  if (id === undefined) return fail('missingParamMeetingID', 'You must specify a meeting ID for the meeting.')
  const m = c.state.meetings.get(id)
  return xml(response('SUCCESS', el('running', !!m && m.state !== 'ended' && m.attendees.size > 0)))
}

export function getMeetingInfo(c: CallContext): Reply {
  const id = c.params.text('meetingID')
  if (id === undefined) return fail('missingParamMeetingID', 'You must specify a meeting ID for the meeting.')
  const m = c.state.meetings.get(id)
  if (!m) return fail('notFound', 'A meeting with that ID does not exist')
  return xml(response('SUCCESS', meetingBody(m)))
}

export function getMeetings(c: CallContext): Reply {
  const noMeetings = () =>
    xml(response('SUCCESS', '<meetings/>' + el('messageKey', 'noMeetings') + el('message', 'no meetings were found on this server')))
  if (c.getMeetingsDisabled || c.state.meetings.size === 0) return noMeetings()
  const parts: string[] = ['<response><returncode>SUCCESS</returncode><meetings>']
  for (const m of c.state.meetings.values()) parts.push('<meeting>', meetingBody(m), '</meeting>')
  parts.push('</meetings></response>')
  return xml(parts.join(''))
}

export function insertDocument(c: CallContext): Reply {
  const id = c.params.text('meetingID')
  if (id === undefined) return fail('missingParamMeetingID', 'You must specify a meeting ID for the meeting.')
  const meeting = liveMeeting(c, id)
  if (!meeting) return fail('notFound', NOT_FOUND_MEETING)
  if (meeting.disabledFeatures.has('presentation')) {
    return fail('presentationDisabled', 'Presentation feature is disabled, ignoring.')
  }
  if (!c.xmlBody || !/<modules[\s>]/.test(c.xmlBody)) {
    return fail('validationError', 'insertDocument needs a POST body with a <modules> XML document')
  }
  void c.state.meetings.addDocuments(meeting, parsePresentationModule(c.xmlBody))
  return xml(response('SUCCESS', el('message', 'Presentation is being uploaded')))
}

export function sendChatMessage(c: CallContext): Reply {
  const id = c.params.text('meetingID')
  if (id === undefined) return fail('missingParamMeetingID', 'You must specify a meeting ID for the meeting.')
  const message = c.params.get('message') ?? ''
  if (message.length < 1 || message.length > 500) return fail('validationError', 'message must be 1 to 500 characters')
  const meeting = liveMeeting(c, id)
  if (!meeting || meeting.attendees.size === 0) return fail('meetingNotFound', 'Meeting not found or not active')
  return xml(response('SUCCESS', '<messageKey></messageKey><message></message>'))
}
