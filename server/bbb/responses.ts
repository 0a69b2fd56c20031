import {
  attributes,
  bool,
  children,
  isObject,
  num,
  optBool,
  optNum,
  optText,
  record,
  text,
  type XmlObject,
} from './xml.js'

/** The common envelope: every BBB answer has a returncode; messageKey is the stable contract. */
export interface BbbEnvelope {
  returncode: 'SUCCESS' | 'FAILED'
  messageKey: string | undefined
  message: string | undefined
}

/** Reads returncode / messageKey / message, also from the multi-error `<errors><error>` form. */
export function readEnvelope(body: XmlObject): BbbEnvelope | undefined {
  const rc = text(body['returncode']).toUpperCase()
  if (rc !== 'SUCCESS' && rc !== 'FAILED') return undefined
  let messageKey = optText(body['messageKey'])
  let message = optText(body['message'])
  const firstError = children(body['errors'], 'error')[0]
  if (firstError && messageKey === undefined) {
    messageKey = optText(firstError['key'])
    message = optText(firstError['message'])
  }
  return { returncode: rc, messageKey, message }
}

/** What the unsigned API root (`GET /bigbluebutton/api`) tells. */
export interface ApiVersion {
  version: string
  /** BBB 3.x. */
  apiVersion: string | undefined
  /** Only when the server reveals it (`allowRevealOfBBBVersion`). */
  bbbVersion: string | undefined
  graphqlWebsocketUrl: string | undefined
  graphqlApiUrl: string | undefined
}

export function toApiVersion(body: XmlObject): ApiVersion {
  return {
    version: text(body['version']),
    apiVersion: optText(body['apiVersion']),
    bbbVersion: optText(body['bbbVersion']),
    graphqlWebsocketUrl: optText(body['graphqlWebsocketUrl']),
    graphqlApiUrl: optText(body['graphqlApiUrl']),
  }
}

export interface CreateResult {
  meetingID: string
  internalMeetingID: string
  parentMeetingID: string | undefined
  attendeePW: string | undefined
  moderatorPW: string | undefined
  /** Milliseconds since the epoch; pass it to join to pin a URL to this meeting instance. */
  createTime: number
  voiceBridge: string | undefined
  dialNumber: string | undefined
  createDate: string | undefined
  hasUserJoined: boolean
  duration: number
  hasBeenForciblyEnded: boolean
  /** The meeting already existed (SUCCESS + `duplicateWarning`); its settings were not changed. */
  duplicateWarning: boolean
  messageKey: string | undefined
  message: string | undefined
}

export function toCreateResult(body: XmlObject): CreateResult {
  const messageKey = optText(body['messageKey'])
  return {
    meetingID: text(body['meetingID']),
    internalMeetingID: text(body['internalMeetingID']),
    parentMeetingID: optText(body['parentMeetingID']),
    attendeePW: optText(body['attendeePW']),
    moderatorPW: optText(body['moderatorPW']),
    createTime: num(body['createTime']),
    voiceBridge: optText(body['voiceBridge']),
    dialNumber: optText(body['dialNumber']),
    createDate: optText(body['createDate']),
    hasUserJoined: bool(body['hasUserJoined']),
    duration: num(body['duration']),
    hasBeenForciblyEnded: bool(body['hasBeenForciblyEnded']),
    duplicateWarning: messageKey === 'duplicateWarning',
    messageKey,
    message: optText(body['message']),
  }
}

/** The XML answer of `join` with `redirect=false`. */
export interface JoinResult {
  messageKey: string | undefined
  /** BBB's internal meeting id (`meeting_id`). */
  internalMeetingID: string
  /** BBB's internal user id (`user_id`). */
  internalUserID: string
  authToken: string
  sessionToken: string
  guestStatus: 'ALLOW' | 'WAIT' | 'DENY' | undefined
  /** Open this in the user's browser. */
  url: string
}

export function toJoinResult(body: XmlObject): JoinResult {
  const guest = optText(body['guestStatus'])?.toUpperCase()
  return {
    messageKey: optText(body['messageKey']),
    internalMeetingID: text(body['meeting_id']),
    internalUserID: text(body['user_id']),
    authToken: text(body['auth_token']),
    sessionToken: text(body['session_token']),
    guestStatus: guest === 'ALLOW' || guest === 'WAIT' || guest === 'DENY' ? guest : undefined,
    url: text(body['url']),
  }
}

/** Answers that only say something was accepted (`end`: `sentEndMeetingRequest`, insertDocument…). */
export interface MessageResult {
  messageKey: string | undefined
  message: string | undefined
}

export function toMessageResult(body: XmlObject): MessageResult {
  return { messageKey: optText(body['messageKey']), message: optText(body['message']) }
}

export interface IsMeetingRunningResult {
  running: boolean
}

export function toIsMeetingRunning(body: XmlObject): IsMeetingRunningResult {
  return { running: bool(body['running']) }
}

export interface Attendee {
  /** The `userID` given at join; undefined when none was given. */
  userID: string | undefined
  fullName: string
  role: 'MODERATOR' | 'VIEWER'
  isPresenter: boolean
  isListeningOnly: boolean
  hasJoinedVoice: boolean
  hasVideo: boolean
  clientType: string | undefined
  /** Present on servers that report it. */
  isGuest: boolean | undefined
  /** The `userdata-*` given at join. */
  customdata: Record<string, string>
}

export interface MeetingInfo {
  meetingName: string
  meetingID: string
  internalMeetingID: string
  createTime: number
  createDate: string | undefined
  voiceBridge: string | undefined
  dialNumber: string | undefined
  attendeePW: string | undefined
  moderatorPW: string | undefined
  running: boolean
  duration: number
  hasUserJoined: boolean
  recording: boolean
  hasBeenForciblyEnded: boolean
  /** Milliseconds since the epoch; 0 when not started. */
  startTime: number
  /** Milliseconds since the epoch; 0 while running. */
  endTime: number
  participantCount: number
  listenerCount: number
  voiceParticipantCount: number
  videoCount: number
  maxUsers: number
  moderatorCount: number
  attendees: Attendee[]
  /** Metadata keys as BBB stores them (lower-cased). */
  metadata: Record<string, string>
  isBreakout: boolean
  parentMeetingID: string | undefined
  sequence: number | undefined
  freeJoin: boolean | undefined
  /** Meeting ids of the breakout rooms. */
  breakoutRooms: string[]
}

function toAttendee(a: XmlObject): Attendee {
  return {
    userID: optText(a['userID']),
    fullName: text(a['fullName']),
    role: text(a['role']).toUpperCase() === 'MODERATOR' ? 'MODERATOR' : 'VIEWER',
    isPresenter: bool(a['isPresenter']),
    isListeningOnly: bool(a['isListeningOnly']),
    hasJoinedVoice: bool(a['hasJoinedVoice']),
    hasVideo: bool(a['hasVideo']),
    clientType: optText(a['clientType']),
    isGuest: optBool(a['guest'] ?? a['isGuest']),
    customdata: record(a['customdata']),
  }
}

export function toMeetingInfo(m: XmlObject): MeetingInfo {
  return {
    meetingName: text(m['meetingName']),
    meetingID: text(m['meetingID']),
    internalMeetingID: text(m['internalMeetingID']),
    createTime: num(m['createTime']),
    createDate: optText(m['createDate']),
    voiceBridge: optText(m['voiceBridge']),
    dialNumber: optText(m['dialNumber']),
    attendeePW: optText(m['attendeePW']),
    moderatorPW: optText(m['moderatorPW']),
    running: bool(m['running']),
    duration: num(m['duration']),
    hasUserJoined: bool(m['hasUserJoined']),
    recording: bool(m['recording']),
    hasBeenForciblyEnded: bool(m['hasBeenForciblyEnded']),
    startTime: num(m['startTime']),
    endTime: num(m['endTime']),
    participantCount: num(m['participantCount']),
    listenerCount: num(m['listenerCount']),
    voiceParticipantCount: num(m['voiceParticipantCount']),
    videoCount: num(m['videoCount']),
    maxUsers: num(m['maxUsers']),
    moderatorCount: num(m['moderatorCount']),
    attendees: children(m['attendees'], 'attendee').map(toAttendee),
    metadata: record(m['metadata']),
    isBreakout: bool(m['isBreakout']),
    parentMeetingID: optText(m['parentMeetingID']),
    sequence: optNum(m['sequence']),
    freeJoin: optBool(m['freeJoin']),
    breakoutRooms: children(m['breakoutRooms'], 'breakout').map((b) => text(b)),
  }
}

export interface GetMeetingsResult {
  meetings: MeetingInfo[]
}

export function toGetMeetings(body: XmlObject): GetMeetingsResult {
  return { meetings: children(body['meetings'], 'meeting').map(toMeetingInfo) }
}

export interface PreviewImage {
  url: string
  alt: string | undefined
  width: number | undefined
  height: number | undefined
}

export interface PlaybackFormat {
  type: string
  url: string
  /** Milliseconds. */
  processingTime: number | undefined
  /** Minutes. */
  length: number
  /** Bytes. */
  size: number | undefined
  images: PreviewImage[]
}

export interface Recording {
  recordID: string
  meetingID: string
  internalMeetingID: string | undefined
  name: string
  isBreakout: boolean | undefined
  published: boolean
  state: string
  startTime: number
  endTime: number
  participants: number | undefined
  rawSize: number | undefined
  size: number | undefined
  metadata: Record<string, string>
  formats: PlaybackFormat[]
}

function toFormat(f: XmlObject): PlaybackFormat {
  const preview = isObject(f['preview']) ? f['preview'] : undefined
  return {
    type: text(f['type']),
    url: text(f['url']),
    processingTime: optNum(f['processingTime']),
    length: num(f['length']),
    size: optNum(f['size']),
    images: children(preview?.['images'], 'image').map((img) => {
      const attrs = attributes(img)
      return {
        url: text(img),
        alt: attrs['alt'],
        width: attrs['width'] === undefined ? undefined : Number(attrs['width']),
        height: attrs['height'] === undefined ? undefined : Number(attrs['height']),
      }
    }),
  }
}

export function toRecording(r: XmlObject): Recording {
  return {
    recordID: text(r['recordID']),
    meetingID: text(r['meetingID']),
    internalMeetingID: optText(r['internalMeetingID']),
    name: text(r['name']),
    isBreakout: optBool(r['isBreakout']),
    published: bool(r['published']),
    state: text(r['state']),
    startTime: num(r['startTime']),
    endTime: num(r['endTime']),
    participants: optNum(r['participants']),
    rawSize: optNum(r['rawSize']),
    size: optNum(r['size']),
    metadata: record(r['metadata']),
    formats: children(r['playback'], 'format').map(toFormat),
  }
}

export interface GetRecordingsResult {
  recordings: Recording[]
}

export function toGetRecordings(body: XmlObject): GetRecordingsResult {
  return { recordings: children(body['recordings'], 'recording').map(toRecording) }
}

export function toPublished(body: XmlObject): { published: boolean } {
  return { published: bool(body['published']) }
}

export function toDeleted(body: XmlObject): { deleted: boolean } {
  return { deleted: bool(body['deleted']) }
}

export function toUpdated(body: XmlObject): { updated: boolean } {
  return { updated: bool(body['updated']) }
}

export interface HooksCreateResult {
  /** bbb-webhooks hook id (digits), kept as text. */
  hookID: string
  permanentHook: boolean | undefined
  rawData: boolean | undefined
  /** A hook for this callback URL existed already; `hookID` is that hook. */
  duplicateWarning: boolean
}

export function toHooksCreate(body: XmlObject): HooksCreateResult {
  return {
    hookID: text(body['hookID']),
    permanentHook: optBool(body['permanentHook']),
    rawData: optBool(body['rawData']),
    duplicateWarning: optText(body['messageKey']) === 'duplicateWarning',
  }
}

export interface Hook {
  hookID: string
  callbackURL: string
  /** Only for hooks scoped to one meeting. */
  meetingID: string | undefined
  /** Event filter; empty = all events. */
  eventID: string[]
  permanentHook: boolean
  rawData: boolean
}

export function toHooksList(body: XmlObject): { hooks: Hook[] } {
  return {
    hooks: children(body['hooks'], 'hook').map((h) => ({
      hookID: text(h['hookID']),
      callbackURL: text(h['callbackURL']),
      meetingID: optText(h['meetingID']),
      eventID: text(h['eventID'])
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      permanentHook: bool(h['permanentHook']),
      rawData: bool(h['rawData']),
    })),
  }
}

export function toHooksDestroy(body: XmlObject): { removed: boolean } {
  return { removed: bool(body['removed']) }
}

/** One entry of `getRecordingTextTracks` (a JSON call). */
export interface TextTrack {
  href: string
  kind: string
  label: string
  lang: string
  source: string
}

/** The `{ response: {...} }` envelope of BBB's JSON calls (text tracks, getJoinUrl). */
export interface BbbJsonResponse {
  returncode: 'SUCCESS' | 'FAILED'
  messageKey: string | undefined
  message: string | undefined
  body: Record<string, unknown>
}

/** Parses a JSON answer; undefined when it is not BBB's JSON envelope. */
export function readJsonResponse(textBody: string): BbbJsonResponse | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(textBody)
  } catch {
    return undefined
  }
  const response = (parsed as { response?: unknown } | null)?.response
  if (typeof response !== 'object' || response === null) return undefined
  const body = response as Record<string, unknown>
  const rc = typeof body['returncode'] === 'string' ? body['returncode'].toUpperCase() : ''
  if (rc !== 'SUCCESS' && rc !== 'FAILED') return undefined
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
  return { returncode: rc, messageKey: str(body['messageKey']), message: str(body['message']), body }
}

export function toTextTracks(json: BbbJsonResponse): { tracks: TextTrack[] } {
  const tracks = Array.isArray(json.body['tracks']) ? (json.body['tracks'] as unknown[]) : []
  return {
    tracks: tracks.map((t) => {
      const o = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>
      const s = (k: string) => (typeof o[k] === 'string' ? o[k] : '')
      return { href: s('href'), kind: s('kind'), label: s('label'), lang: s('lang'), source: s('source') }
    }),
  }
}

/** The typed mapper for each XML call, by wire name (used by `client.call` users such as the CLI). */
export const RESPONSE_MAPPERS: Readonly<Record<string, (body: XmlObject) => unknown>> = {
  create: toCreateResult,
  join: toJoinResult,
  end: toMessageResult,
  isMeetingRunning: toIsMeetingRunning,
  getMeetingInfo: toMeetingInfo,
  getMeetings: toGetMeetings,
  getRecordings: toGetRecordings,
  publishRecordings: toPublished,
  updateRecordings: toUpdated,
  deleteRecordings: toDeleted,
  insertDocument: toMessageResult,
  sendChatMessage: toMessageResult,
  'hooks/create': toHooksCreate,
  'hooks/list': toHooksList,
  'hooks/destroy': toHooksDestroy,
}
