import type { SpaceBranding } from './link.js'

// Room settings that are BigBlueButton `create` parameters: their keys are BBB's parameter names, in room
// settings (`PATCH /rooms/:roomId {"settings": {...}}`), in policies and in presets alike.

export type SettingType = 'boolean' | 'number' | 'enum' | 'string' | 'list'

/** How the widget groups the settings in the room dialog. */
export type SettingGroup = 'audioVideo' | 'permissions' | 'features' | 'recording' | 'meeting'

/** BBB `meetingLayout` values (2.7 and 3.0). */
export type MeetingLayout =
  | 'CUSTOM_LAYOUT'
  | 'SMART_LAYOUT'
  | 'PRESENTATION_FOCUS'
  | 'VIDEO_FOCUS'
  | 'CAMERAS_ONLY'
  | 'PRESENTATION_ONLY'
  | 'PARTICIPANTS_AND_CHAT_ONLY'

/** The BBB `disabledFeatures` values a room may turn off. */
export type RoomFeature =
  | 'breakoutRooms'
  | 'captions'
  | 'chat'
  | 'privateChat'
  | 'polls'
  | 'screenshare'
  | 'sharedNotes'
  | 'externalVideos'
  | 'layouts'
  | 'learningDashboard'
  | 'liveTranscription'
  | 'virtualBackgrounds'
  | 'customVirtualBackgrounds'
  | 'cameraAsContent'
  | 'timer'
  | 'downloadPresentationWithAnnotations'

/** BBB `guestPolicy` values. */
export type RoomGuestPolicy = 'ALWAYS_ACCEPT' | 'ALWAYS_DENY' | 'ASK_MODERATOR'

/** The BBB create parameters a room sets, by their BBB names (`muteOnStart`, `welcome`, `record` predate this list). */
export interface BbbSettings {
  muteOnStart: boolean
  allowModsToUnmuteUsers: boolean
  webcamsOnlyForModerator: boolean
  userCameraCap: number
  lockSettingsDisableCam: boolean
  lockSettingsDisableMic: boolean
  lockSettingsDisablePrivateChat: boolean
  lockSettingsDisablePublicChat: boolean
  lockSettingsDisableNotes: boolean
  lockSettingsHideUserList: boolean
  lockSettingsLockOnJoin: boolean
  disabledFeatures: RoomFeature[]
  meetingLayout: MeetingLayout
  welcome: string | null
  moderatorOnlyMessage: string | null
  endWhenNoModerator: boolean
  endWhenNoModeratorDelayInMinutes: number
  meetingExpireIfNoUserJoinedInMinutes: number
  guestPolicy: RoomGuestPolicy
  allowPromoteGuestToModerator: boolean
  record: boolean
  autoStartRecording: boolean
  allowStartStopRecording: boolean
  notifyRecordingIsOn: boolean
}

export type SettingKey = keyof BbbSettings

export type SettingValue = boolean | number | string | string[] | null

/** `GET|PUT /admin/spaces/:spaceId/branding`, `GET|PUT /spaces/:spaceId/branding` (managers). */
export interface SpaceBrandingAnswer {
  spaceId: string
  branding: SpaceBranding
}

/** A named bundle of room settings: built in, global (admin) or of one space. */
export interface Preset {
  id: string
  /** As typed by an administrator; a built-in preset's is English: clients name those in their own language by `id`. */
  name: string
  scope: 'builtin' | 'global' | 'space'
  spaceId: string | null
  settings: Partial<BbbSettings>
}

/** `GET /admin/presets`, `GET /admin/spaces/:spaceId/presets`, `GET /spaces/:spaceId/presets`. */
export interface PresetsAnswer {
  presets: Preset[]
}

/** `POST|PUT` of a preset (201/200). */
export interface PresetAnswer {
  preset: Preset
}

/** `POST /admin/presets`, `POST /admin/spaces/:spaceId/presets`, `PUT …/presets/:presetId`. */
export interface PresetBody {
  name: string
  settings: Partial<BbbSettings>
}
