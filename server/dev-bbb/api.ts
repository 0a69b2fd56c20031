import type { Params } from './params.js'
import { createXml, hookXml, joinXml, meetingBody, recordingXml } from './render.js'
import { checksum } from '../bbb/checksum.js'
import type { GuestPolicy, GuestStatus, Meeting, Recording, Role, Session } from './model.js'
import type { DevState } from './state.js'
import type { Webhooks } from './webhooks.js'
import { el, failed, response } from './xml.js'

/** What a call answers: an XML or JSON document, or a browser redirect. */
export type Reply =
  | { kind: 'xml'; body: string }
  | { kind: 'json'; body: unknown }
  | { kind: 'redirect'; location: string }
  | { kind: 'status'; status: number; body: string }

/**
 * What bbb-web answers for a call it does not know: no controller action matches, so the servlet container
 * answers HTTP 404 with its own HTML page (not an API document).
 */
export const NOT_FOUND: Reply = {
  kind: 'status',
  status: 404,
  body: '<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title></head>' +
    '<body><h1>HTTP Status 404 – Not Found</h1></body></html>',
}

/** Calls bbb-web answers in JSON, failures included (`{"response":{"returncode":"FAILED","message":…}}`). */
export const JSON_CALLS: ReadonlySet<string> = new Set(['getJoinUrl', 'learningDashboard'])

export interface CallContext {
  call: string
  params: Params
  /** The POST body when it was XML (create, insertDocument). */
  xmlBody: string | undefined
  /** The raw POST body (putRecordingTextTrack). */
  rawBody: Buffer | undefined
  /** Base URL of the mount, ending in '/'. */
  base: string
  state: DevState
  /** The shared secret (getJoinUrl signs the URL it hands out). */
  secret: string
  webhooks: Webhooks
  like: 'bbb' | 'scalelite'
  getMeetingsDisabled: boolean
  maxMeetings: number
}

const xml = (body: string): Reply => ({ kind: 'xml', body })
const fail = (key: string, message: string): Reply => xml(failed(key, message))

const GUEST_POLICIES: readonly GuestPolicy[] = ['ALWAYS_ACCEPT', 'ALWAYS_DENY', 'ASK_MODERATOR', 'ALWAYS_ACCEPT_AUTH']
const META_NAME = /^meta_[a-zA-Z][a-zA-Z0-9-]*$/
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/

const NOT_FOUND_MEETING = 'We could not find a meeting with that meeting ID - perhaps the meeting is not yet running?'

export const HANDLERS: Record<string, (c: CallContext) => Reply | Promise<Reply>> = {
  create,
  join,
  end,
  isMeetingRunning,
  getMeetingInfo,
  getMeetings,
  getRecordings,
  publishRecordings,
  updateRecordings,
  deleteRecordings,
  insertDocument,
  sendChatMessage,
  getRecordingTextTracks,
  putRecordingTextTrack,
  getSessions,
  getJoinUrl,
  learningDashboard,
  'hooks/create': hooksCreate,
  'hooks/list': hooksList,
  'hooks/destroy': hooksDestroy,
}

/** Calls a Scalelite pool refuses with `unsupportedRequest`. */
export const SCALELITE_UNSUPPORTED = new Set([
  'hooks/create',
  'hooks/list',
  'hooks/destroy',
  'getRecordingTextTracks',
  'putRecordingTextTrack',
  'sendChatMessage',
  'getJoinUrl',
  'getSessions',
  'learningDashboard',
])

function number(p: Params, name: string, fallback: number, integer: boolean): number | Reply {
  const raw = p.get(name)
  if (raw === undefined || raw.trim() === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    return fail('validationError', `${name} must be a ${integer ? 'whole ' : ''}number of 0 or more`)
  }
  return n
}

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

function create(c: CallContext): Reply {
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
    duration: ints.duration!,
    maxParticipants: ints.maxParticipants!,
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
  // Pre-uploaded documents are ignored when the presentation feature is disabled (ApiController.uploadDocuments).
  if (c.xmlBody && !disabledFeatures.has('presentation')) c.state.meetings.addDocuments(meeting, (c.xmlBody.match(/<document\b/g) ?? []).length)
  return xml(createXml(meeting, false))
}

function join(c: CallContext): Reply {
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

function end(c: CallContext): Reply {
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

function isMeetingRunning(c: CallContext): Reply {
  const id = c.params.text('meetingID')
  if (id === undefined) return fail('missingParamMeetingID', 'You must specify a meeting ID for the meeting.')
  const m = c.state.meetings.get(id)
  return xml(response('SUCCESS', el('running', !!m && m.state !== 'ended' && m.attendees.size > 0)))
}

function getMeetingInfo(c: CallContext): Reply {
  const id = c.params.text('meetingID')
  if (id === undefined) return fail('missingParamMeetingID', 'You must specify a meeting ID for the meeting.')
  const m = c.state.meetings.get(id)
  if (!m) return fail('notFound', 'A meeting with that ID does not exist')
  return xml(response('SUCCESS', meetingBody(m)))
}

function getMeetings(c: CallContext): Reply {
  const noMeetings = () =>
    xml(response('SUCCESS', '<meetings/>' + el('messageKey', 'noMeetings') + el('message', 'no meetings were found on this server')))
  if (c.getMeetingsDisabled || c.state.meetings.size === 0) return noMeetings()
  const parts: string[] = ['<response><returncode>SUCCESS</returncode><meetings>']
  for (const m of c.state.meetings.values()) parts.push('<meeting>', meetingBody(m), '</meeting>')
  parts.push('</meetings></response>')
  return xml(parts.join(''))
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)
}

function getRecordings(c: CallContext): Reply {
  const p = c.params
  const recordIDs = list(p.get('recordID'))
  const meetingIDs = list(p.get('meetingID'))
  const states = list(p.get('state'))
  const metaFilters: [string, string][] = []
  for (const [k, v] of p.entries()) if (META_NAME.test(k)) metaFilters.push([k.slice(5).toLowerCase(), v])
  const offset = number(p, 'offset', 0, true)
  if (typeof offset !== 'number') return offset
  const limit = number(p, 'limit', 100, true)
  if (typeof limit !== 'number') return limit
  const wanted = (r: Recording): boolean => {
    if (recordIDs.length > 0) {
      if (!recordIDs.some((id) => r.recordID.startsWith(id))) return false
    } else if (meetingIDs.length > 0 && !meetingIDs.includes(r.meetingID)) return false
    if (states.includes('any')) {
      // every state
    } else if (states.length > 0) {
      if (!states.includes(r.state)) return false
    } else if (r.state === 'deleted') return false
    return metaFilters.every(([k, v]) => r.metadata.get(k) === v)
  }
  const found = [...c.state.recordings.values()].filter(wanted)
  const page = found.slice(offset, offset + Math.min(100, Math.max(1, limit)))
  if (page.length === 0) {
    return xml(response('SUCCESS', el('messageKey', 'noRecordings') + el('message', 'No recordings found') + '<recordings/>'))
  }
  return xml(response('SUCCESS', `<recordings>${page.map(recordingXml).join('')}</recordings>`))
}

function findRecordings(c: CallContext): Recording[] | Reply {
  const ids = list(c.params.get('recordID'))
  if (ids.length === 0) return fail('missingParamRecordID', 'You must specify one or more a recordIDs.')
  const found = ids.map((id) => c.state.recordings.get(id)).filter((r): r is Recording => !!r)
  if (found.length === 0) return fail('notFound', 'Could not find recording')
  return found
}

function publishRecordings(c: CallContext): Reply {
  const found = findRecordings(c)
  if (!Array.isArray(found)) return found
  const publish = c.params.text('publish')
  if (publish === undefined) return fail('missingParamPublish', 'You must specify a publish value true or false.')
  const value = publish.toLowerCase() === 'true'
  for (const r of found) c.state.recordings.setPublished(r, value)
  return xml(response('SUCCESS', el('published', value)))
}

function deleteRecordings(c: CallContext): Reply {
  const found = findRecordings(c)
  if (!Array.isArray(found)) return found
  for (const r of found) c.state.recordings.markDeleted(r)
  return xml(response('SUCCESS', el('deleted', true)))
}

function updateRecordings(c: CallContext): Reply {
  const found = findRecordings(c)
  if (!Array.isArray(found)) return found
  for (const [k, v] of c.params.entries()) {
    if (!META_NAME.test(k)) continue
    const key = k.slice(5).toLowerCase()
    for (const r of found) c.state.recordings.setMetadata(r, key, v)
  }
  return xml(response('SUCCESS', el('updated', true)))
}

function insertDocument(c: CallContext): Reply {
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
  c.state.meetings.addDocuments(meeting, (c.xmlBody.match(/<document\b/g) ?? []).length)
  return xml(response('SUCCESS', el('message', 'Presentation is being uploaded')))
}

function sendChatMessage(c: CallContext): Reply {
  const id = c.params.text('meetingID')
  if (id === undefined) return fail('missingParamMeetingID', 'You must specify a meeting ID for the meeting.')
  const message = c.params.get('message') ?? ''
  if (message.length < 1 || message.length > 500) return fail('validationError', 'message must be 1 to 500 characters')
  const meeting = liveMeeting(c, id)
  if (!meeting || meeting.attendees.size === 0) return fail('meetingNotFound', 'Meeting not found or not active')
  return xml(response('SUCCESS', '<messageKey></messageKey><message></message>'))
}

function jsonFail(key: string, message: string): Reply {
  return { kind: 'json', body: { response: { returncode: 'FAILED', messageKey: key, message } } }
}

function getRecordingTextTracks(c: CallContext): Reply {
  const id = c.params.text('recordID')
  if (id === undefined) return jsonFail('missingParameter', 'Param recordID is missing')
  const r = c.state.recordings.get(id)
  if (!r || r.state === 'deleted') return jsonFail('noRecordings', 'No recording found for ' + id)
  return {
    kind: 'json',
    body: {
      response: {
        returncode: 'SUCCESS',
        tracks: r.textTracks.map((t) => ({
          href: `${c.base}captions/${r.recordID}/${t.kind}_${t.lang}.vtt`,
          ...t,
        })),
      },
    },
  }
}

function putRecordingTextTrack(c: CallContext): Reply {
  const p = c.params
  const id = p.text('recordID')
  const kind = p.text('kind')
  const lang = p.text('lang')
  if (id === undefined || kind === undefined || lang === undefined) {
    return jsonFail('paramError', 'recordID, kind and lang are required')
  }
  if (kind !== 'subtitles' && kind !== 'captions') return jsonFail('invalidKind', 'Invalid kind parameter, expected=subtitles|captions')
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(lang)) return jsonFail('invalidLang', 'Malformed lang param')
  const r = c.state.recordings.get(id)
  if (!r || r.state === 'deleted') return jsonFail('noRecordings', 'No recording found for ' + id)
  const uploaded = c.rawBody && c.rawBody.length > 0
  c.state.recordings.putTextTrack(r, kind, lang, uploaded ? { kind, lang, label: p.text('label') ?? lang, source: 'upload' } : undefined)
  return {
    kind: 'json',
    body: {
      response: {
        messageKey: 'upload_text_track_success',
        message: 'Text track uploaded successfully',
        recordId: id,
        returncode: 'SUCCESS',
      },
    },
  }
}

function hooksCreate(c: CallContext): Reply {
  const callbackURL = c.params.text('callbackURL')
  if (callbackURL === undefined) return fail('missingParamCallbackURL', 'You must specify a callbackURL in the parameters.')
  const eventIDs = list(c.params.get('eventID')).map((e) => e.toLowerCase())
  const result = c.webhooks.create({
    callbackURL,
    meetingID: c.params.text('meetingID'),
    eventIDs: eventIDs.length > 0 ? eventIDs : undefined,
    rawData: c.params.bool('getRaw', false),
  })
  if ('full' in result) return fail('createHookError', 'An error happened while creating your hook (too many hooks).')
  if (result.duplicate) {
    return xml(
      response(
        'SUCCESS',
        el('hookID', result.hook.hookID) +
          el('messageKey', 'duplicateWarning') +
          el('message', 'There is already a hook for this callback URL.'),
      ),
    )
  }
  return xml(
    response(
      'SUCCESS',
      el('hookID', result.hook.hookID) + '<permanentHook>false</permanentHook>' + el('rawData', result.hook.rawData),
    ),
  )
}

function hooksList(c: CallContext): Reply {
  return xml(response('SUCCESS', `<hooks>${c.webhooks.list(c.params.text('meetingID')).map(hookXml).join('')}</hooks>`))
}

function hooksDestroy(c: CallContext): Reply {
  const id = c.params.text('hookID')
  if (id === undefined) return fail('missingParamHookID', 'You must specify a hookID in the parameters.')
  if (!c.webhooks.destroy(Number(id))) return fail('destroyMissingHook', 'The hook informed was not found.')
  return xml(response('SUCCESS', el('removed', true)))
}

function getSessions(c: CallContext): Reply {
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

function jsonFailed(message: string): Reply {
  return { kind: 'json', body: { response: { returncode: 'FAILED', message } } }
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
function getJoinUrl(c: CallContext): Reply {
  const found = runningSession(c)
  if ('refused' in found) return jsonFailed(found.refused)
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
function learningDashboard(c: CallContext): Reply {
  const found = runningSession(c, 'MODERATOR')
  if ('refused' in found) return jsonFailed(found.refused)
  const { meeting } = found
  if (meeting.disabledFeatures.has('learningDashboard')) return jsonFailed('Learning Dashboard disabled for this meeting')
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
