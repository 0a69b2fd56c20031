import { BbbParamsError } from './errors.js'
import type { QueryValue } from './query.js'

/** Every API call the client knows, by its name on the wire (the path after `/bigbluebutton/api/`). */
export type BbbCallName =
  | 'create'
  | 'join'
  | 'end'
  | 'isMeetingRunning'
  | 'getMeetingInfo'
  | 'getMeetings'
  | 'getRecordings'
  | 'publishRecordings'
  | 'updateRecordings'
  | 'deleteRecordings'
  | 'insertDocument'
  | 'sendChatMessage'
  | 'hooks/create'
  | 'hooks/list'
  | 'hooks/destroy'

/** Parameters a typed call does not model yet, appended after the typed ones in insertion order. */
export type ExtraParams = Readonly<Record<string, QueryValue>>

export type GuestPolicy = 'ALWAYS_ACCEPT' | 'ALWAYS_DENY' | 'ASK_MODERATOR' | 'ALWAYS_ACCEPT_AUTH'

export type MeetingLayout =
  | 'CUSTOM_LAYOUT'
  | 'SMART_LAYOUT'
  | 'PRESENTATION_FOCUS'
  | 'VIDEO_FOCUS'
  | 'CAMERAS_ONLY'
  | 'PRESENTATION_ONLY'
  | 'PARTICIPANTS_AND_CHAT_ONLY'

export type DisabledFeature =
  | 'breakoutRooms'
  | 'captions'
  | 'chat'
  | 'privateChat'
  | 'downloadPresentationWithAnnotations'
  | 'downloadPresentationConvertedToPdf'
  | 'downloadPresentationOriginalFile'
  | 'snapshotOfCurrentSlide'
  | 'externalVideos'
  | 'importPresentationWithAnnotationsFromBreakoutRooms'
  | 'importSharedNotesFromBreakoutRooms'
  | 'layouts'
  | 'learningDashboard'
  | 'learningDashboardDownloadSessionData'
  | 'polls'
  | 'screenshare'
  | 'sharedNotes'
  | 'virtualBackgrounds'
  | 'customVirtualBackgrounds'
  | 'liveTranscription'
  | 'presentation'
  | 'cameraAsContent'
  | 'timer'
  | 'infiniteWhiteboard'

export type Role = 'MODERATOR' | 'VIEWER'

/** A document for the `presentation` module: fetched by BBB from `url`, or given inline as base64. */
export type PresentationDocument =
  | { url: string; filename?: string; downloadable?: boolean; removable?: boolean; current?: boolean }
  | { name: string; base64: string; downloadable?: boolean; removable?: boolean; current?: boolean }

/** The XML `<modules>` POST body of `create` (not covered by the checksum). */
export interface CreateModules {
  presentation?: readonly PresentationDocument[]
  /** BBB 3.0, needs `allowOverrideClientSettingsOnCreateCall` on the server; sent as JSON in CDATA. */
  clientSettingsOverride?: unknown
}

/** `create` parameters (BBB 2.7 / 3.0). Sent in the order given; `meta` becomes `meta_<key>` pairs. */
export interface CreateParams {
  meetingID: string
  name: string
  attendeePW?: string
  moderatorPW?: string
  welcome?: string
  moderatorOnlyMessage?: string
  dialNumber?: string
  voiceBridge?: string
  /** 0 = unlimited. */
  maxParticipants?: number
  logoutURL?: string
  loginURL?: string
  record?: boolean
  autoStartRecording?: boolean
  allowStartStopRecording?: boolean
  recordFullDurationMedia?: boolean
  notifyRecordingIsOn?: boolean
  /** Minutes; 0 = no limit. */
  duration?: number
  meetingExpireIfNoUserJoinedInMinutes?: number
  meetingExpireWhenLastUserLeftInMinutes?: number
  endWhenNoModerator?: boolean
  endWhenNoModeratorDelayInMinutes?: number
  logoutTimer?: number
  isBreakout?: boolean
  parentMeetingID?: string
  sequence?: number
  freeJoin?: boolean
  breakoutRoomsRecord?: boolean
  breakoutRoomsPrivateChatEnabled?: boolean
  webcamsOnlyForModerator?: boolean
  userCameraCap?: number
  meetingCameraCap?: number
  bannerText?: string
  bannerColor?: string
  logo?: string
  darklogo?: string
  copyright?: string
  muteOnStart?: boolean
  allowModsToUnmuteUsers?: boolean
  allowModsToEjectCameras?: boolean
  allowRequestsWithoutSession?: boolean
  allowPromoteGuestToModerator?: boolean
  guestPolicy?: GuestPolicy
  meetingLayout?: MeetingLayout
  lockSettingsDisableCam?: boolean
  lockSettingsDisableMic?: boolean
  lockSettingsDisablePrivateChat?: boolean
  lockSettingsDisablePublicChat?: boolean
  lockSettingsDisableNotes?: boolean
  lockSettingsHideUserList?: boolean
  lockSettingsLockOnJoin?: boolean
  lockSettingsLockOnJoinConfigurable?: boolean
  lockSettingsHideViewersCursor?: boolean
  lockSettingsHideViewersAnnotation?: boolean
  lockSettingsLockedLayout?: boolean
  disabledFeatures?: readonly DisabledFeature[]
  disabledFeaturesExclude?: readonly DisabledFeature[]
  preUploadedPresentation?: string
  preUploadedPresentationName?: string
  preUploadedPresentationOverrideDefault?: boolean
  presentationUploadExternalUrl?: string
  presentationUploadExternalDescription?: string
  /** Server-side end hook (not copied into metadata). */
  meetingEndedURL?: string
  allowOverrideClientSettingsOnCreateCall?: boolean
  /** `meta_<key>=<value>`; keys match `[a-zA-Z][a-zA-Z0-9-]*` (BBB lower-cases them). */
  meta?: Readonly<Record<string, string>>
  /** Sent as the XML POST body with `Content-Type: application/xml`. */
  modules?: CreateModules
  extra?: ExtraParams
}

/** `join` parameters. Give `role` (preferred) or the deprecated `password`. */
export interface JoinParams {
  fullName: string
  meetingID: string
  role?: Role
  password?: string
  /** Stable external id: BBB counts seats by it. */
  userID?: string
  /** Pins the URL to one meeting instance (`mismatchCreateTimeParam` otherwise). */
  createTime?: number
  avatarURL?: string
  webcamBackgroundURL?: string
  /** Only sent when true, as BBB expects. */
  guest?: boolean
  /** Default true (302 to the client); false gives XML. */
  redirect?: boolean
  errorRedirectUrl?: string
  excludeFromDashboard?: boolean
  enforceLayout?: MeetingLayout
  logoutURL?: string
  firstName?: string
  lastName?: string
  bot?: boolean
  /** `userdata-<key>=<value>`; keys must not contain `-`. */
  userdata?: Readonly<Record<string, string>>
  extra?: ExtraParams
}

export interface EndParams {
  meetingID: string
  /** The moderator password create returned (still checked by some versions). */
  password?: string
  extra?: ExtraParams
}

export interface MeetingIdParams {
  meetingID: string
  extra?: ExtraParams
}

export interface GetMeetingInfoParams extends MeetingIdParams {
  offset?: number
  limit?: number
}

export type RecordingState = 'processing' | 'processed' | 'published' | 'unpublished' | 'deleted' | 'any'

export interface GetRecordingsParams {
  meetingID?: string | readonly string[]
  recordID?: string | readonly string[]
  state?: RecordingState | readonly RecordingState[]
  /** `meta_<key>` filters. */
  meta?: Readonly<Record<string, string>>
  offset?: number
  /** 1–100 (BBB 2.6+). */
  limit?: number
  extra?: ExtraParams
}

export interface PublishRecordingsParams {
  recordID: string | readonly string[]
  publish: boolean
  extra?: ExtraParams
}

export interface UpdateRecordingsParams {
  recordID: string | readonly string[]
  /** `meta_<key>=value` sets, an empty value removes. */
  meta?: Readonly<Record<string, string>>
  extra?: ExtraParams
}

export interface DeleteRecordingsParams {
  recordID: string | readonly string[]
  extra?: ExtraParams
}

export interface InsertDocumentParams {
  meetingID: string
  documents: readonly PresentationDocument[]
  extra?: ExtraParams
}

export interface SendChatMessageParams {
  meetingID: string
  message: string
  userName?: string
  extra?: ExtraParams
}

export interface HooksCreateParams {
  callbackURL: string
  meetingID?: string
  /** Event ids to receive (bbb-webhooks 2.5+), comma-joined. */
  eventID?: string | readonly string[]
  getRaw?: boolean
  extra?: ExtraParams
}

export interface HooksListParams {
  meetingID?: string
  extra?: ExtraParams
}

export interface HooksDestroyParams {
  hookID: string | number
  extra?: ExtraParams
}

const META_KEY = /^[a-zA-Z][a-zA-Z0-9-]*$/
const USERDATA_KEY = /^[a-zA-Z0-9_]+$/

/**
 * Flattens typed parameters into wire pairs in insertion order: `meta` → `meta_<k>`, `userdata` →
 * `userdata-<k>`, `extra` spread in place, `modules` left out (it is the body). `guest: false` is dropped.
 * @throws BbbParamsError for a metadata or userdata key BBB would reject.
 */
export function toWireParams(params: object): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {}
  const source = params as Record<string, unknown>
  for (const key in source) {
    const value = source[key]
    if (value === undefined || value === null) continue
    if (key === 'modules' || key === 'documents') continue
    if (key === 'meta' || key === 'userdata' || key === 'extra') {
      const group = value as Record<string, QueryValue>
      for (const k in group) {
        if (key === 'meta' && !META_KEY.test(k)) throw new BbbParamsError(`invalid metadata key "${k}"`)
        if (key === 'userdata' && !USERDATA_KEY.test(k)) throw new BbbParamsError(`invalid userdata key "${k}"`)
        const wireKey = key === 'meta' ? `meta_${k}` : key === 'userdata' ? `userdata-${k}` : k
        if (wireKey in out) throw new BbbParamsError(`parameter "${wireKey}" given twice`)
        out[wireKey] = group[k]
      }
      continue
    }
    if (key === 'guest' && value === false) continue
    out[key] = value as QueryValue
  }
  return out
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function documentXml(doc: PresentationDocument): string {
  const attrs: string[] = []
  const flag = (name: string, v: boolean | undefined) => {
    if (v !== undefined) attrs.push(`${name}="${String(v)}"`)
  }
  if ('url' in doc) {
    attrs.push(`url="${escapeXml(doc.url)}"`)
    if (doc.filename !== undefined) attrs.push(`filename="${escapeXml(doc.filename)}"`)
  } else {
    attrs.push(`name="${escapeXml(doc.name)}"`)
  }
  flag('downloadable', doc.downloadable)
  flag('removable', doc.removable)
  flag('current', doc.current)
  if ('url' in doc) return `<document ${attrs.join(' ')}/>`
  return `<document ${attrs.join(' ')}>${doc.base64.replace(/\s+/g, '')}</document>`
}

/** The `<modules>` XML document for create's and insertDocument's POST body. */
export function modulesXml(modules: CreateModules): string {
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?><modules>']
  if (modules.presentation && modules.presentation.length > 0) {
    parts.push(`<module name="presentation">${modules.presentation.map(documentXml).join('')}</module>`)
  }
  if (modules.clientSettingsOverride !== undefined) {
    const json = JSON.stringify(modules.clientSettingsOverride).replace(/]]>/g, ']]]]><![CDATA[>')
    parts.push(`<module name="clientSettingsOverride"><![CDATA[${json}]]></module>`)
  }
  parts.push('</modules>')
  return parts.join('')
}
