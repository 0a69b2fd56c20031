import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'
import { toGetMeetings } from '../../server/bbb/responses.js'
import { parseXml, parseXmlWithXml2js } from '../../server/bbb/xml.js'
import { statusFromBbbMeeting } from '../../server/status/meeting-status.js'
import { fmt, median, ms, percent, times, type Row } from './stats.js'

/**
 * A getMeetings answer with the elements BBB 2.7/3.0 writes (one per line, no indentation):
 * `meetings` running meetings of `attendees` attendees each.
 */
export function generateGetMeetings(meetings: number, attendees: number): string {
  const out: string[] = ['<response>', '<returncode>SUCCESS</returncode>', '<meetings>']
  const created = 1_716_000_000_000
  for (let m = 0; m < meetings; m++) {
    out.push(
      '<meeting>',
      `<meetingName>Space ${m % 40} — room ${m}</meetingName>`,
      `<meetingID>bbb-spaces-${m.toString(16).padStart(8, '0')}-4c2e-9a51-6f0d3b7e1a22</meetingID>`,
      `<internalMeetingID>${(m * 7919).toString(16).padStart(40, 'a')}-${created + m}</internalMeetingID>`,
      `<createTime>${created + m}</createTime>`,
      '<createDate>Sat May 18 02:40:00 UTC 2024</createDate>',
      `<voiceBridge>${70000 + m}</voiceBridge>`,
      '<dialNumber>613-555-1234</dialNumber>',
      `<attendeePW>ap${m}</attendeePW>`,
      `<moderatorPW>mp${m}</moderatorPW>`,
      '<running>true</running>',
      '<duration>0</duration>',
      '<hasUserJoined>true</hasUserJoined>',
      '<recording>false</recording>',
      '<hasBeenForciblyEnded>false</hasBeenForciblyEnded>',
      `<startTime>${created + m + 40}</startTime>`,
      '<endTime>0</endTime>',
      `<participantCount>${attendees}</participantCount>`,
      `<listenerCount>${Math.ceil(attendees / 3)}</listenerCount>`,
      `<voiceParticipantCount>${Math.ceil(attendees / 2)}</voiceParticipantCount>`,
      `<videoCount>${Math.ceil(attendees / 5)}</videoCount>`,
      '<maxUsers>100</maxUsers>',
      '<moderatorCount>1</moderatorCount>',
      '<attendees>',
    )
    for (let a = 0; a < attendees; a++) {
      out.push(
        '<attendee>',
        `<userID>w_${(m * 1000 + a).toString(36).padStart(12, 'x')}</userID>`,
        `<fullName>Participant ${m}-${a} Lastname</fullName>`,
        `<role>${a === 0 ? 'MODERATOR' : 'VIEWER'}</role>`,
        `<isPresenter>${a === 0}</isPresenter>`,
        `<isListeningOnly>${a % 3 === 0}</isListeningOnly>`,
        `<hasJoinedVoice>${a % 2 === 0}</hasJoinedVoice>`,
        `<hasVideo>${a % 5 === 0}</hasVideo>`,
        '<clientType>HTML5</clientType>',
        '<customdata/>',
        '</attendee>',
      )
    }
    out.push(
      '</attendees>',
      '<metadata>',
      '<bbb-origin>bbb-spaces</bbb-origin>',
      `<bbb-context-id>space-${m % 40}</bbb-context-id>`,
      `<bbb-recording-name>Room ${m}</bbb-recording-name>`,
      `<endcallbackurl>https://spaces.example.org/callbacks/bbb/end/${'e'.repeat(43)}</endcallbackurl>`,
      '</metadata>',
      '<isBreakout>false</isBreakout>',
      '</meeting>',
    )
  }
  out.push('</meetings>', '</response>', '')
  return out.join('\n')
}

interface PeerUtil {
  parseXml(xml: string): { meetings: unknown[] }
}

async function timeOnce(fn: () => unknown): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

/**
 * Section 5: one getMeetings answer of 500 meetings × 20 attendees, parsed as the refresher gets it (our client's
 * XML parse and mapping, then the status of each meeting) — vs the same through xml2js alone (the path before the
 * fast scanner), and vs bigbluebutton-js's parser on the same text; and
 * the share of one polling interval that parse takes (on one core, with the event loop blocked meanwhile).
 */
export async function benchBigStatus(options: { rounds: number; intervalMs: number }): Promise<Row[]> {
  const xml = generateGetMeetings(500, 20)
  const peer = (createRequire(import.meta.url)('bigbluebutton-js') as { util: PeerUtil }).util
  const mapped = (doc: { body: Parameters<typeof toGetMeetings>[0] }) => {
    let running = 0
    for (const m of toGetMeetings(doc.body).meetings) if (statusFromBbbMeeting(m)?.exists) running++
    if (running !== 500) throw new Error(`big status: parsed ${running} running meetings, not 500`)
    return running
  }
  const ours = async () => mapped(await parseXml(xml))
  const before = async () => mapped(await parseXmlWithXml2js(xml))
  const theirs = () => {
    const parsed = peer.parseXml(xml)
    if (parsed.meetings.length !== 500) throw new Error('big status: bigbluebutton-js did not find 500 meetings')
  }
  await timeOnce(ours)
  await timeOnce(before)
  await timeOnce(theirs)
  const oursMs: number[] = []
  const beforeMs: number[] = []
  const theirsMs: number[] = []
  for (let r = 0; r < options.rounds; r++) {
    oursMs.push(await timeOnce(ours))
    beforeMs.push(await timeOnce(before))
    theirsMs.push(await timeOnce(theirs))
  }
  const o = median(oursMs)
  const b = median(beforeMs)
  const t = median(theirsMs)
  const size = `${fmt(Buffer.byteLength(xml) / 1e6, 1)} MB`
  return [
    {
      section: '5 Big status',
      figure: `parse getMeetings 500×20 (${size}): ms per parse, after vs before (xml2js)`,
      value: ms(o),
      baseline: `${ms(b)} xml2js path (before)`,
      ratio: times(o / b, 2),
      target: '—',
    },
    {
      section: '5 Big status',
      figure: `parse getMeetings 500×20 (${size}): ms per parse`,
      value: ms(o),
      baseline: `${ms(t)} bigbluebutton-js parser`,
      ratio: times(o / t, 2),
      target: '—',
    },
    {
      section: '5 Big status',
      figure: `CPU share of one ${fmt(options.intervalMs / 1000)} s polling interval`,
      value: percent(o / options.intervalMs, 1),
      baseline: `${percent(t / options.intervalMs, 1)} bigbluebutton-js, ${percent(b / options.intervalMs, 1)} before`,
      ratio: times(o / t, 2),
      target: '— (matters above ~5 %)',
    },
  ]
}
