import type { PolicyKey, SettingGroup, SettingKey, SettingType } from '../../api.js'

/** What the console needs to edit one setting's value (the service's table is `server/limits/settings.ts`). */
export interface SettingSpecView {
  type: SettingType
  group: SettingGroup
  values?: readonly string[]
  min?: number
  max?: number
}

const bool = (group: SettingGroup): SettingSpecView => ({ type: 'boolean', group })
const minutes = (group: SettingGroup): SettingSpecView => ({ type: 'number', group, min: 1, max: 1440 })

/**
 * The BBB room settings by their BBB names, in the order the console shows them. A test holds this copy to the
 * service's table (same keys, types, bounds and values), since the widget may not import the server.
 */
export const SETTING_SPECS: Readonly<Record<SettingKey, SettingSpecView>> = {
  muteOnStart: bool('audioVideo'),
  allowModsToUnmuteUsers: bool('audioVideo'),
  webcamsOnlyForModerator: bool('audioVideo'),
  userCameraCap: { type: 'number', group: 'audioVideo', min: 0, max: 10 },
  lockSettingsDisableCam: bool('permissions'),
  lockSettingsDisableMic: bool('permissions'),
  lockSettingsDisablePrivateChat: bool('permissions'),
  lockSettingsDisablePublicChat: bool('permissions'),
  lockSettingsDisableNotes: bool('permissions'),
  lockSettingsHideUserList: bool('permissions'),
  lockSettingsLockOnJoin: bool('permissions'),
  disabledFeatures: {
    type: 'list',
    group: 'features',
    values: [
      'breakoutRooms',
      'captions',
      'chat',
      'privateChat',
      'polls',
      'screenshare',
      'sharedNotes',
      'externalVideos',
      'layouts',
      'learningDashboard',
      'liveTranscription',
      'virtualBackgrounds',
      'customVirtualBackgrounds',
      'cameraAsContent',
      'timer',
      'downloadPresentationWithAnnotations',
    ],
  },
  meetingLayout: {
    type: 'enum',
    group: 'meeting',
    values: ['CUSTOM_LAYOUT', 'SMART_LAYOUT', 'PRESENTATION_FOCUS', 'VIDEO_FOCUS', 'CAMERAS_ONLY', 'PRESENTATION_ONLY', 'PARTICIPANTS_AND_CHAT_ONLY'],
  },
  welcome: { type: 'string', group: 'meeting' },
  moderatorOnlyMessage: { type: 'string', group: 'meeting' },
  endWhenNoModerator: bool('meeting'),
  endWhenNoModeratorDelayInMinutes: minutes('meeting'),
  meetingExpireIfNoUserJoinedInMinutes: minutes('meeting'),
  guestPolicy: { type: 'enum', group: 'permissions', values: ['ALWAYS_ACCEPT', 'ALWAYS_DENY', 'ASK_MODERATOR'] },
  allowPromoteGuestToModerator: bool('permissions'),
  record: bool('recording'),
  autoStartRecording: bool('recording'),
  allowStartStopRecording: bool('recording'),
  notifyRecordingIsOn: bool('recording'),
}

/** Today's five policies without a value (guests, waiting room, who starts, access code; `record` is also a setting). */
export const PLAIN_POLICY_KEYS: readonly PolicyKey[] = ['guestsAllowed', 'waitingRoom', 'anyoneCanStart', 'accessCode', 'record']

export const SETTING_GROUPS: readonly SettingGroup[] = ['audioVideo', 'permissions', 'features', 'meeting', 'recording']
