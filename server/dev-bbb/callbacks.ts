import { SignJWT } from 'jose'
import type { Meeting, Recording } from './model.js'
import type { Deliverer } from './webhooks.js'

/**
 * The callbacks bbb-web makes when a meeting ends: `meta_endCallbackUrl` (GET, with `recordingmarks` then the
 * external `meetingID` appended, as MeetingService.meetingEnded does) and, for a recording,
 * `meta_bbb-recording-ready-url` (POST `signed_parameters`, an HS256 JWT signed with the shared secret, as
 * the post_publish script does).
 */
export function sendMeetingCallbacks(deliverer: Deliverer, secret: string, meeting: Meeting, recording: Recording | undefined): void {
  const endUrl = meeting.metadata.get('endcallbackurl')
  if (endUrl) {
    const added = new URLSearchParams([
      ['recordingmarks', String(meeting.record && !!recording)],
      ['meetingID', meeting.meetingID],
    ])
    const url = `${endUrl}${endUrl.includes('?') ? '&' : '?'}${added.toString()}`
    deliverer.send(`end:${meeting.internalMeetingID}`, () => ({ url, init: { method: 'GET' } }), () => true)
  }
  const readyUrl = meeting.metadata.get('bbb-recording-ready-url')
  if (readyUrl && recording) {
    void new SignJWT({ meeting_id: meeting.meetingID, record_id: recording.recordID })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(secret))
      .then((jwt) => {
        const body = new URLSearchParams([['signed_parameters', jwt]]).toString()
        deliverer.send(
          `ready:${recording.recordID}`,
          () => ({ url: readyUrl, init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body } }),
          // post_publish gives up on 401 (secret mismatch), 404 and 410; retries anything else.
          (s) => s < 300 || s === 401 || s === 404 || s === 410,
        )
      })
  }
}
