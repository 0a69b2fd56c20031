import type { Attendee, DevEvent, Meeting, Recording } from './model.js'

// The mapped bbb-webhooks events (getRaw=false) the dev server emits, built from its state. Pure: the
// caller gives the time.

function meetingIds(meeting: Meeting): Record<string, unknown> {
  return { 'internal-meeting-id': meeting.internalMeetingID, 'external-meeting-id': meeting.meetingID }
}

function event(meeting: Meeting, id: string, ts: number, attributes: Record<string, unknown>): DevEvent {
  return { id, meetingID: meeting.meetingID, attributes, ts }
}

export function meetingCreated(meeting: Meeting, ts: number): DevEvent {
  return event(meeting, 'meeting-created', ts, {
    meeting: {
      ...meetingIds(meeting),
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
}

export function userJoined(meeting: Meeting, attendee: Attendee, ts: number): DevEvent {
  return event(meeting, 'user-joined', ts, {
    meeting: meetingIds(meeting),
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

export function userLeft(meeting: Meeting, attendee: Attendee, ts: number): DevEvent {
  return event(meeting, 'user-left', ts, {
    meeting: meetingIds(meeting),
    user: { 'internal-user-id': attendee.internalUserID, 'external-user-id': attendee.userID, guest: attendee.guest },
  })
}

export function meetingEnded(meeting: Meeting, ts: number): DevEvent {
  return event(meeting, 'meeting-ended', ts, { meeting: meetingIds(meeting) })
}

/** `rap-publish-ended`: the recording is processed and published (at once in the dev server). */
export function recordingPublished(meeting: Meeting, recording: Recording, ts: number): DevEvent {
  return event(meeting, 'rap-publish-ended', ts, {
    meeting: meetingIds(meeting),
    'record-id': recording.recordID,
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
      playback: { format: 'presentation', link: recording.formats[0].url },
      download: {},
    },
  })
}
