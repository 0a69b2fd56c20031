import type { Meeting } from './model.js'
import { esc } from './xml.js'

/** The BBB lock settings a create may turn on (`lockSettingsLockOnJoin` is about when, not what: shown apart). */
const LOCKS = [
  'lockSettingsDisableCam',
  'lockSettingsDisableMic',
  'lockSettingsDisablePrivateChat',
  'lockSettingsDisablePublicChat',
  'lockSettingsDisableNotes',
  'lockSettingsHideUserList',
] as const

/** What the client page shows of a meeting's create parameters: the settings a user would notice in BBB. */
export interface AppliedSettings {
  layout: string
  welcome: string
  /** Moderators only, as BBB shows it. */
  moderatorOnlyMessage: string | null
  locks: string[]
  lockOnJoin: boolean
  disabledFeatures: string[]
  muteOnStart: boolean
  webcamsOnlyForModerator: boolean
  banner: { text: string; color: string | null } | null
}

const truthy = (v: string | undefined) => v?.toLowerCase() === 'true'

/** The welcome as text: BBB's keywords replaced, its little HTML reduced to text (the page escapes the rest). */
function asText(message: string, meeting: Meeting): string {
  return message
    .replace(/%%CONFNAME%%/g, meeting.name)
    .replace(/%%DIALNUM%%/g, meeting.dialNumber)
    .replace(/%%CONFNUM%%/g, meeting.voiceBridge)
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

export function appliedSettings(meeting: Meeting, role: string): AppliedSettings {
  const p = meeting.createParams ?? {}
  const modOnly = p.moderatorOnlyMessage
  return {
    layout: p.meetingLayout ?? 'SMART_LAYOUT',
    welcome: asText(meeting.welcome, meeting),
    moderatorOnlyMessage: role === 'MODERATOR' && modOnly ? asText(modOnly, meeting) : null,
    locks: LOCKS.filter((k) => truthy(p[k])),
    lockOnJoin: p.lockSettingsLockOnJoin === undefined ? true : truthy(p.lockSettingsLockOnJoin),
    disabledFeatures: [...meeting.disabledFeatures].sort(),
    muteOnStart: truthy(p.muteOnStart),
    webcamsOnlyForModerator: truthy(p.webcamsOnlyForModerator),
    banner: p.bannerText ? { text: p.bannerText, color: p.bannerColor ?? null } : null,
  }
}

/** The settings section of the client page (server-rendered once: create parameters never change). */
export function settingsSection(s: AppliedSettings | null): string {
  if (!s) return ''
  const items = (list: string[], id: string) =>
    list.length === 0 ? `<span id="${id}">none</span>` : `<ul id="${id}">${list.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`
  return `<section id="bbb-dev-settings" aria-labelledby="bbb-dev-settings-title">
<h2 id="bbb-dev-settings-title">Meeting settings</h2>
${s.banner ? `<p id="bbb-dev-banner" data-color="${esc(s.banner.color ?? '')}">${esc(s.banner.text)}</p>` : ''}
<p>Welcome: <span id="bbb-dev-welcome">${esc(s.welcome)}</span></p>
${s.moderatorOnlyMessage ? `<p>For moderators: <span id="bbb-dev-moderator-message">${esc(s.moderatorOnlyMessage)}</span></p>` : ''}
<p>Layout: <span id="bbb-dev-layout">${esc(s.layout)}</span></p>
<p>Muted on start: <span id="bbb-dev-mute-on-start">${s.muteOnStart ? 'yes' : 'no'}</span>;
webcams for moderators only: <span id="bbb-dev-webcams-moderators">${s.webcamsOnlyForModerator ? 'yes' : 'no'}</span></p>
<div>Locked for viewers${s.lockOnJoin ? '' : ' (not applied on join)'}: ${items(s.locks, 'bbb-dev-locks')}</div>
<div>Disabled features: ${items(s.disabledFeatures, 'bbb-dev-disabled-features')}</div>
</section>`
}
