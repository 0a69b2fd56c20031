import type { Hook } from './webhooks.js'
import type { Meeting, Recording, Session } from './model.js'
import { cdata, el, esc, javaDate, response } from './xml.js'

function metadataXml(metadata: Map<string, string>): string {
  let out = '<metadata>'
  for (const [k, v] of metadata) out += `<${k}>${esc(v)}</${k}>`
  return out + '</metadata>'
}

/** The fields of getMeetingInfo, shared with each `<meeting>` of getMeetings (same bbb-web template). */
export function meetingBody(m: Meeting): string {
  let moderators = 0
  let attendees = ''
  for (const a of m.attendees.values()) {
    if (a.role === 'MODERATOR') moderators++
    attendees +=
      '<attendee>' +
      el('userID', a.userID) +
      el('fullName', a.fullName) +
      el('role', a.role) +
      '<isPresenter>false</isPresenter><isListeningOnly>false</isListeningOnly>' +
      '<hasJoinedVoice>false</hasJoinedVoice><hasVideo>false</hasVideo>' +
      '<clientType>HTML5</clientType><customdata></customdata>' +
      '</attendee>'
  }
  const running = m.state !== 'ended' && m.attendees.size > 0
  return (
    el('meetingName', m.name) +
    el('meetingID', m.meetingID) +
    el('internalMeetingID', m.internalMeetingID) +
    el('createTime', m.createTime) +
    el('createDate', javaDate(m.createTime)) +
    el('voiceBridge', m.voiceBridge) +
    el('dialNumber', m.dialNumber) +
    el('attendeePW', m.attendeePW) +
    el('moderatorPW', m.moderatorPW) +
    el('running', running) +
    el('duration', m.duration) +
    el('hasUserJoined', m.hasUserJoined) +
    el('recording', m.record && running) +
    el('hasBeenForciblyEnded', m.forciblyEnded) +
    el('startTime', m.startTime) +
    el('endTime', m.endTime) +
    el('participantCount', m.attendees.size) +
    '<listenerCount>0</listenerCount><voiceParticipantCount>0</voiceParticipantCount><videoCount>0</videoCount>' +
    el('maxUsers', m.maxParticipants) +
    el('moderatorCount', moderators) +
    `<attendees>${attendees}</attendees>` +
    metadataXml(m.metadata) +
    '<isBreakout>false</isBreakout>'
  )
}

export function createXml(m: Meeting, duplicate: boolean): string {
  return response(
    'SUCCESS',
    el('meetingID', m.meetingID) +
      el('internalMeetingID', m.internalMeetingID) +
      el('parentMeetingID', 'bbb-none') +
      el('attendeePW', m.attendeePW) +
      el('moderatorPW', m.moderatorPW) +
      el('createTime', m.createTime) +
      el('voiceBridge', m.voiceBridge) +
      el('dialNumber', m.dialNumber) +
      el('createDate', javaDate(m.createTime)) +
      el('hasUserJoined', m.hasUserJoined) +
      el('duration', m.duration) +
      el('hasBeenForciblyEnded', m.forciblyEnded) +
      (duplicate
        ? el('messageKey', 'duplicateWarning') +
          el('message', 'This conference was already in existence and may currently be in progress.')
        : ''),
  )
}

export function joinXml(s: Session, url: string): string {
  const waiting = s.guestStatus === 'WAIT'
  return response(
    'SUCCESS',
    el('messageKey', waiting ? 'guestWait' : 'successfullyJoined') +
      el('message', waiting ? 'Guest waiting for approval to join meeting.' : 'You have joined successfully.') +
      el('meeting_id', s.internalMeetingID) +
      el('user_id', s.internalUserID) +
      el('auth_token', s.authToken) +
      el('session_token', s.token) +
      el('guestStatus', s.guestStatus) +
      el('url', url),
  )
}

export function recordingXml(r: Recording): string {
  let formats = ''
  for (const f of r.formats) {
    formats +=
      '<format>' +
      el('type', f.type) +
      el('url', f.url) +
      el('processingTime', f.processingTime) +
      el('length', f.length) +
      '</format>'
  }
  return (
    '<recording>' +
    el('recordID', r.recordID) +
    el('meetingID', r.meetingID) +
    el('internalMeetingID', r.internalMeetingID) +
    el('name', r.name) +
    '<isBreakout>false</isBreakout>' +
    el('published', r.published) +
    el('state', r.state) +
    el('startTime', r.startTime) +
    el('endTime', r.endTime) +
    el('participants', r.participants) +
    metadataXml(r.metadata) +
    `<playback>${formats}</playback>` +
    '</recording>'
  )
}

export function hookXml(h: Hook): string {
  return (
    '<hook>' +
    el('hookID', h.hookID) +
    `<callbackURL>${cdata(h.callbackURL)}</callbackURL>` +
    (h.meetingID !== undefined ? `<meetingID>${cdata(h.meetingID)}</meetingID>` : '') +
    '<permanentHook>false</permanentHook>' +
    (h.eventIDs ? el('eventID', h.eventIDs.join(',')) : '') +
    el('rawData', h.rawData) +
    '</hook>'
  )
}
