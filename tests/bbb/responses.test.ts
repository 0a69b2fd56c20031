import { describe, expect, it } from 'vitest'
import {
  RESPONSE_MAPPERS,
  readEnvelope,
  readJsonResponse,
  toApiVersion,
  toCreateResult,
  toGetMeetings,
  toGetRecordings,
  toHooksCreate,
  toHooksDestroy,
  toHooksList,
  toIsMeetingRunning,
  toJoinResult,
  toMeetingInfo,
  toMessageResult,
  toPublished,
  toDeleted,
  toUpdated,
  toTextTracks,
} from '../../server/bbb/responses.js'
import { parseWebhookEvents } from '../../server/bbb/callbacks.js'
import { modulesXml } from '../../server/bbb/calls.js'
import { parseXml, type XmlObject } from '../../server/bbb/xml.js'
import { fixtureNames, loadFixture } from '../helpers/fixtures.js'

async function body(name: string): Promise<XmlObject> {
  const doc = await parseXml(loadFixture(name))
  expect(doc.root).toBe('response')
  return doc.body
}

async function success(name: string): Promise<XmlObject> {
  const b = await body(name)
  expect(readEnvelope(b)?.returncode).toBe('SUCCESS')
  return b
}

async function failure(name: string, messageKey: string): Promise<void> {
  const b = await body(name)
  expect(readEnvelope(b)).toMatchObject({ returncode: 'FAILED', messageKey })
}

/** One check per fixture file; a new fixture without a check fails the completeness test. */
const CHECKS: Record<string, () => Promise<void>> = {
  'create.body.presentation-url.php.xml': async () => {
    const fixture = await parseXml(loadFixture('create.body.presentation-url.php.xml'))
    const ours = await parseXml(
      modulesXml({
        presentation: [
          {
            url: 'https://freetestdata.com/wp-content/uploads/2021/09/Free_Test_Data_100KB_PDF.pdf',
            filename: 'presentation.pdf',
          },
        ],
      }),
    )
    expect(ours).toEqual(fixture)
  },
  'insertDocument.body.php.xml': async () => {
    const fixture = await parseXml(loadFixture('insertDocument.body.php.xml'))
    const ours = await parseXml(
      modulesXml({
        presentation: [
          { url: 'https://demo.bigbluebutton.org/bigbluebutton.png', current: true, downloadable: false, removable: true },
        ],
      }),
    )
    expect(ours).toEqual(fixture)
  },
  'create.duplicateWarning.php.xml': async () => {
    const r = toCreateResult(await success('create.duplicateWarning.php.xml'))
    expect(r).toMatchObject({
      meetingID: 'random-1665177',
      internalMeetingID: '1a6938c707cdf5d052958672d66c219c30690c47-1524212045514',
      moderatorPW: '34Heu0uiZYqCZXX9C4m2',
      createTime: 1453283819419,
      voiceBridge: '76286',
      hasUserJoined: false,
      duration: 20,
      duplicateWarning: true,
      messageKey: 'duplicateWarning',
    })
  },
  'deleteRecordings.php.xml': async () => {
    expect(toDeleted(await success('deleteRecordings.php.xml'))).toEqual({ deleted: true })
  },
  'end.php.xml': async () => {
    expect(toMessageResult(await success('end.php.xml')).messageKey).toBe('sentEndMeetingRequest')
  },
  'error.checksumError.docs.xml': () => failure('error.checksumError.docs.xml', 'checksumError'),
  'getMeetingInfo.docs30.xml': async () => {
    const m = toMeetingInfo(await success('getMeetingInfo.docs30.xml'))
    expect(m).toMatchObject({ meetingName: "Anton G's Room", running: true, participantCount: 1, endTime: 0 })
    expect(m.attendees).toEqual([
      {
        userID: 'w_ftcrsyuh44oj',
        fullName: 'Anton G',
        role: 'MODERATOR',
        isPresenter: true,
        isListeningOnly: false,
        hasJoinedVoice: true,
        hasVideo: true,
        clientType: 'HTML5',
        isGuest: undefined,
        customdata: {},
      },
    ])
    expect(m.metadata['endcallbackurl']).toBe('https://test30.bigbluebutton.org/meeting_ended')
    expect(m.metadata['bbb-origin']).toBe('greenlight')
  },
  'getMeetingInfo.php.xml': async () => {
    const m = toMeetingInfo(await success('getMeetingInfo.php.xml'))
    expect(m.attendees.map((a) => a.fullName)).toEqual(['Ernie Abernathy', 'Barrett Kutch', 'Peter Parker', 'Bruce Wayne'])
    expect(m.attendees[1]!.customdata).toEqual({
      skipCheck: 'true',
      backgroundColor: '#FF0033',
      customStyle: 'a:focus{color:#0181eb}',
    })
    expect(m.attendees[3]!.isListeningOnly).toBe(true)
    expect(m).toMatchObject({ maxUsers: 20, moderatorCount: 2, createTime: 1453206317376, endTime: 1453206325002 })
    expect(m.metadata['bn-recording-ready-url']).toBe(
      'http://bigbluebutton.org/moodle/mod/bigbluebuttonbn/bbb_broker.php?action=recording_ready',
    )
    expect(m.metadata['bbb-recording-name']).toBe('Bigbluebutton "Mock meeting for testing getMeetingInfo"')
    expect(m.metadata['bbb-recording-tags']).toBe('')
  },
  'getMeetings.one-meeting-with-attendee.SYNTHETIC.xml': async () => {
    const r = toGetMeetings(await success('getMeetings.one-meeting-with-attendee.SYNTHETIC.xml'))
    expect(r.meetings).toHaveLength(1)
    expect(r.meetings[0]!.attendees).toHaveLength(1)
    expect(r.meetings[0]!.attendees[0]!.role).toBe('MODERATOR')
  },
  'getMeetings.php.xml': async () => {
    const r = toGetMeetings(await success('getMeetings.php.xml'))
    expect(r.meetings.map((m) => m.meetingName)).toEqual(['Prof. Josie Reichert IV', 'Barbara Schiller', 'Marty Lueilwitz'])
    expect(r.meetings.every((m) => Array.isArray(m.attendees) && m.attendees.length === 0)).toBe(true)
    expect(r.meetings[0]!.moderatorPW).toBe('$is=CM}xF;108o!Jqd')
    expect(r.meetings[1]).toMatchObject({ isBreakout: true, parentMeetingID: 'ParentMeetingId', sequence: 1, freeJoin: false })
    expect(r.meetings[2]!.breakoutRooms).toEqual(['breakout-room-id-1', 'breakout-room-id-2', 'breakout-room-id-3'])
    expect(r.meetings[2]).toMatchObject({ running: true, participantCount: 5, listenerCount: 2, videoCount: 3 })
    expect(r.meetings[0]!.metadata).toEqual({
      presenter: 'Alessandra Funk',
      endcallbackurl: 'http://www.schiller.info/ut-perspiciatis-et-vero-dolorum-repellendus-nesciunt-commodi-voluptate',
    })
  },
  'getRecordings.docs.xml': async () => {
    const r = toGetRecordings(await success('getRecordings.docs.xml'))
    expect(r.recordings).toHaveLength(2)
    const first = r.recordings[0]!
    expect(first).toMatchObject({ name: "Fred's Room", published: true, state: 'published', participants: 3, isBreakout: false })
    expect(first.formats.map((f) => f.type)).toEqual(['podcast', 'presentation'])
    expect(first.formats[0]!.images).toEqual([])
    expect(first.formats[1]!.images).toHaveLength(3)
    expect(first.formats[1]!.images[0]).toMatchObject({ alt: 'Welcome to', width: 176, height: 136 })
    expect(first.formats[1]!.images[0]!.url).toMatch(/thumb-1\.png$/)
    expect(first.metadata['gl-listed']).toBe('false')
  },
  'getRecordings.noRecordings.php.xml': async () => {
    const b = await success('getRecordings.noRecordings.php.xml')
    expect(readEnvelope(b)?.messageKey).toBe('noRecordings')
    expect(toGetRecordings(b)).toEqual({ recordings: [] })
  },
  'getRecordings.php.xml': async () => {
    const r = toGetRecordings(await success('getRecordings.php.xml'))
    expect(r.recordings).toHaveLength(6)
    expect(r.recordings.every((rec) => rec.formats.length >= 1)).toBe(true)
    expect(r.recordings[0]!.formats[0]).toMatchObject({ type: 'podcast', processingTime: 111, length: 632, size: 10500 })
    expect(r.recordings[0]!.formats[1]!.images.map((i) => i.alt)).toEqual(['Welcome', 'Course'])
    expect(r.recordings[2]!.metadata['bbb-recording-name']).toBe('SAT- Polynomials and Inequalities (All participants)')
    expect(r.recordings[4]).toMatchObject({ participants: 6, rawSize: 7219530 })
    expect(r.recordings[0]!.name).toBe('SAT- Writing-Humanities (All participants)')
  },
  'hooks.create.duplicateWarning.php.xml': async () => {
    expect(toHooksCreate(await success('hooks.create.duplicateWarning.php.xml'))).toMatchObject({
      hookID: '1',
      duplicateWarning: true,
    })
  },
  'hooks.create.php.xml': async () => {
    expect(toHooksCreate(await success('hooks.create.php.xml'))).toEqual({
      hookID: '1',
      permanentHook: false,
      rawData: false,
      duplicateWarning: false,
    })
  },
  'hooks.destroy.notFound.php.xml': () => failure('hooks.destroy.notFound.php.xml', 'destroyMissingHook'),
  'hooks.destroy.php.xml': async () => {
    expect(toHooksDestroy(await success('hooks.destroy.php.xml'))).toEqual({ removed: true })
  },
  'hooks.list.docs.xml': async () => {
    expect(toHooksList(await success('hooks.list.docs.xml'))).toEqual({ hooks: [] })
  },
  'hooks.list.php.xml': async () => {
    expect(toHooksList(await success('hooks.list.php.xml'))).toEqual({
      hooks: [
        {
          hookID: '1',
          callbackURL: 'http://postcatcher.in/catchers/abcdefghijk',
          meetingID: 'my-meeting',
          eventID: [],
          permanentHook: false,
          rawData: false,
        },
        {
          hookID: '2',
          callbackURL: 'http://postcatcher.in/catchers/1234567890',
          meetingID: undefined,
          eventID: [],
          permanentHook: false,
          rawData: false,
        },
      ],
    })
  },
  'index.apiVersion.php.xml': async () => {
    expect(toApiVersion(await success('index.apiVersion.php.xml'))).toEqual({
      version: '2.0',
      apiVersion: '2.0',
      bbbVersion: '3.0.19',
      graphqlWebsocketUrl: 'wss://bigbluebutton.server.com/graphql',
      graphqlApiUrl: 'https://bigbluebutton.server.com/api/rest',
    })
  },
  'insertDocument.php.xml': async () => {
    expect(toMessageResult(await success('insertDocument.php.xml')).message).toBe('Presentation is being uploaded')
  },
  'isMeetingRunning.php.xml': async () => {
    expect(toIsMeetingRunning(await success('isMeetingRunning.php.xml'))).toEqual({ running: true })
  },
  'join.redirect-false.php.xml': async () => {
    expect(toJoinResult(await success('join.redirect-false.php.xml'))).toEqual({
      messageKey: 'successfullyJoined',
      internalMeetingID: 'fa51ae0c65adef7fe3cf115421da8a6a25855a20-1464618262714',
      internalUserID: 'ao6ehbtvbmhz',
      authToken: 'huzbpgthac7s',
      sessionToken: 'rbe7bbkjzx5mnoda',
      guestStatus: 'ALLOW',
      url: 'https://bigblubutton-server.sample/client/BigBlueButton.html?sessionToken=0wzsph6uaelwc68z',
    })
  },
  'publishRecordings.notFound.php.xml': () => failure('publishRecordings.notFound.php.xml', 'notFound'),
  'publishRecordings.php.xml': async () => {
    expect(toPublished(await success('publishRecordings.php.xml'))).toEqual({ published: true })
  },
  'sendChatMessage.failed.php.xml': () => failure('sendChatMessage.failed.php.xml', 'meetingNotFound'),
  'sendChatMessage.php.xml': async () => {
    expect(toMessageResult(await success('sendChatMessage.php.xml'))).toEqual({ messageKey: undefined, message: undefined })
  },
  'updateRecordings.php.xml': async () => {
    expect(toUpdated(await success('updateRecordings.php.xml'))).toEqual({ updated: true })
  },
  'getJoinUrl.failed.php.json': async () => {
    expect(readJsonResponse(loadFixture('getJoinUrl.failed.php.json'))).toMatchObject({
      returncode: 'FAILED',
      message: 'Invalid session token',
    })
  },
  'getJoinUrl.php.json': async () => {
    const r = readJsonResponse(loadFixture('getJoinUrl.php.json'))
    expect(r?.returncode).toBe('SUCCESS')
    expect(r?.body['url']).toMatch(/^https:\/\/yourserver\.com\/bigbluebutton\/api\/join\?/)
  },
  'getRecordingTextTracks.docs.json': async () => {
    const r = readJsonResponse(loadFixture('getRecordingTextTracks.docs.json'))
    expect(r).toBeDefined()
    const { tracks } = toTextTracks(r!)
    expect(tracks.map((t) => [t.lang, t.kind, t.source])).toEqual([
      ['en-US', 'subtitles', 'upload'],
      ['pt-BR', 'subtitles', 'upload'],
    ])
  },
  'putRecordingTextTrack.success.php.json': async () => {
    expect(readJsonResponse(loadFixture('putRecordingTextTrack.success.php.json'))).toMatchObject({
      returncode: 'SUCCESS',
      messageKey: 'upload_text_track_success',
    })
  },
  'webhooks.mapped-events.ndjson': async () => {
    const lines = loadFixture('webhooks.mapped-events.ndjson').split('\n').filter((l) => l.trim() !== '')
    const events = lines.flatMap((l) => parseWebhookEvents(l))
    expect(events).toHaveLength(lines.length)
    const ids = events.map((e) => e.data.id)
    expect(ids).toEqual(expect.arrayContaining(['meeting-created', 'user-joined', 'user-left', 'meeting-ended']))
    const created = events.find((e) => e.data.id === 'meeting-created')!
    expect((created.data.attributes['meeting'] as Record<string, unknown>)['external-meeting-id']).toBe('random-9019868')
    expect(created.data.event.ts).toBeGreaterThan(0)
    // bbb-webhooks 3.x posts a JSON array in the `event` field.
    expect(parseWebhookEvents(`[${lines[0]!}]`)).toEqual([events[0]])
  },
}

describe('BBB answers parse into their typed shapes', () => {
  it('has a check for every file in tests/fixtures/bbb', () => {
    expect(Object.keys(CHECKS).sort()).toEqual(fixtureNames())
  })

  it.each(Object.keys(CHECKS).sort())('parses %s', async (name) => {
    await CHECKS[name]!()
  })

  it('maps every call name the client knows', () => {
    expect(Object.keys(RESPONSE_MAPPERS)).toEqual(
      expect.arrayContaining(['create', 'join', 'getMeetings', 'getRecordings', 'hooks/create', 'hooks/list', 'hooks/destroy']),
    )
  })

  it('reads the multi-error form of a FAILED answer', async () => {
    const doc = await parseXml(
      '<response><returncode>FAILED</returncode><errors><error><key>nonUniqueVoiceBridge</key>' +
        '<message>The selected voice bridge is already in use.</message></error></errors></response>',
    )
    expect(readEnvelope(doc.body)).toEqual({
      returncode: 'FAILED',
      messageKey: 'nonUniqueVoiceBridge',
      message: 'The selected voice bridge is already in use.',
    })
  })

  it('rejects truncated XML', async () => {
    const full = loadFixture('getMeetings.php.xml')
    await expect(parseXml(full.slice(0, Math.floor(full.length / 2)))).rejects.toThrow()
  })
})
