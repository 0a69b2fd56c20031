import type { CreateParams } from '../bbb/index.js'
import type { RoomSettings, SpaceBranding } from '../model/index.js'
import type { EffectiveLimits, RoomRules } from './effective.js'
import { effectiveSettings } from './settings.js'

/** The BBB create parameters of a room's settings, by their BBB names, as the policies leave them. */
export type SettingParams = Pick<
  CreateParams,
  | 'muteOnStart'
  | 'allowModsToUnmuteUsers'
  | 'webcamsOnlyForModerator'
  | 'userCameraCap'
  | 'lockSettingsDisableCam'
  | 'lockSettingsDisableMic'
  | 'lockSettingsDisablePrivateChat'
  | 'lockSettingsDisablePublicChat'
  | 'lockSettingsDisableNotes'
  | 'lockSettingsHideUserList'
  | 'lockSettingsLockOnJoin'
  | 'disabledFeatures'
  | 'meetingLayout'
  | 'welcome'
  | 'moderatorOnlyMessage'
  | 'endWhenNoModerator'
  | 'endWhenNoModeratorDelayInMinutes'
  | 'meetingExpireIfNoUserJoinedInMinutes'
  | 'guestPolicy'
  | 'allowPromoteGuestToModerator'
  | 'autoStartRecording'
  | 'allowStartStopRecording'
  | 'notifyRecordingIsOn'
>

/**
 * What a room's settings send with `create`: each BBB setting in force (the room's value under the policies),
 * under its BBB parameter name. Settings nobody set are left out, so BBB's own defaults apply. `record` is
 * sent by the caller from the rules; `guestPolicy` is `ASK_MODERATOR` whenever the waiting room is on.
 */
export function bbbSettingParams(limits: EffectiveLimits, settings: RoomSettings, rules: Pick<RoomRules, 'waitingRoom'>): SettingParams {
  const s = effectiveSettings(limits.policies, settings)
  const out: SettingParams = {
    muteOnStart: s.muteOnStart ?? false,
    guestPolicy: rules.waitingRoom ? 'ASK_MODERATOR' : (s.guestPolicy ?? 'ALWAYS_ACCEPT'),
  }
  const copy = <K extends keyof SettingParams>(key: K, value: SettingParams[K] | null | undefined) => {
    if (value !== undefined && value !== null) out[key] = value
  }
  copy('allowModsToUnmuteUsers', s.allowModsToUnmuteUsers)
  copy('webcamsOnlyForModerator', s.webcamsOnlyForModerator)
  copy('userCameraCap', s.userCameraCap)
  copy('lockSettingsDisableCam', s.lockSettingsDisableCam)
  copy('lockSettingsDisableMic', s.lockSettingsDisableMic)
  copy('lockSettingsDisablePrivateChat', s.lockSettingsDisablePrivateChat)
  copy('lockSettingsDisablePublicChat', s.lockSettingsDisablePublicChat)
  copy('lockSettingsDisableNotes', s.lockSettingsDisableNotes)
  copy('lockSettingsHideUserList', s.lockSettingsHideUserList)
  copy('lockSettingsLockOnJoin', s.lockSettingsLockOnJoin)
  if (s.disabledFeatures && s.disabledFeatures.length > 0) out.disabledFeatures = s.disabledFeatures
  copy('meetingLayout', s.meetingLayout)
  if (s.welcome) out.welcome = s.welcome
  if (s.moderatorOnlyMessage) out.moderatorOnlyMessage = s.moderatorOnlyMessage
  copy('endWhenNoModerator', s.endWhenNoModerator)
  copy('endWhenNoModeratorDelayInMinutes', s.endWhenNoModeratorDelayInMinutes)
  copy('meetingExpireIfNoUserJoinedInMinutes', s.meetingExpireIfNoUserJoinedInMinutes)
  copy('allowPromoteGuestToModerator', s.allowPromoteGuestToModerator)
  copy('autoStartRecording', s.autoStartRecording)
  copy('allowStartStopRecording', s.allowStartStopRecording)
  copy('notifyRecordingIsOn', s.notifyRecordingIsOn)
  return out
}

/** A space's branding as BBB create parameters (`logo`, `bannerText`, `bannerColor`); unset ones left out. */
export function brandingParams(branding: SpaceBranding): Pick<CreateParams, 'logo' | 'bannerText' | 'bannerColor'> {
  return {
    ...(branding.logo ? { logo: branding.logo } : {}),
    ...(branding.bannerText ? { bannerText: branding.bannerText } : {}),
    ...(branding.bannerColor ? { bannerColor: branding.bannerColor } : {}),
  }
}
