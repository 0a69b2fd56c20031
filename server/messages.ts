import type { ErrorCode } from './errors.js'

export type MessageLocale = 'fr' | 'en'

type Catalogue = Partial<Record<ErrorCode, (p: Record<string, unknown>) => string>>

const EN: Catalogue = {
  room_full: (p) => `This meeting is full (${p.cap} participants). Try again later, when someone leaves.`,
  licence_full: (p) => `The video service has reached its limit of ${p.cap} simultaneous participants. Try again later.`,
  licence_full_internal: (p) => `The video service has reached its limit of ${p.cap} simultaneous internal participants. Try again later.`,
  licence_full_external: (p) => `The video service has reached its limit of ${p.cap} simultaneous external participants. Try again later.`,
  space_meeting_limit: (p) => `This space already has ${p.cap} meeting(s) running, its limit. Try again when one ends.`,
  licence_meeting_limit: (p) => `The video service already runs ${p.cap} meetings, its limit. Try again later.`,
  meeting_not_running: () => 'The meeting has not started yet. Wait for a moderator to start it.',
  not_a_member: () => 'You are not a member of this space.',
  not_a_moderator: () => 'Only the moderators of this room can do that.',
  not_a_manager: () => 'Only the managers of this space can do that.',
  room_not_found: () => 'This room does not exist (any more).',
  room_running: () => 'This room has a meeting running; end it first.',
  bbb_unavailable: () => 'The video service is unavailable right now. Retrying shortly usually works.',
  invalid_token: () => 'Your session is invalid or has expired. Reload the page.',
  policy_forbidden: (p) => `Your administrator does not allow "${p.setting}" here.`,
  not_admin: () => 'Only administrators can do this.',
  invalid_limits: (p) => `Invalid limit "${p.field}"${p.reason ? `: ${p.reason}` : ''}. Nothing was changed.`,
}

const FR: Catalogue = {
  room_full: (p) => `Cette réunion est complète (${p.cap} participants). Réessayez plus tard, quand quelqu'un sera parti.`,
  licence_full: (p) => `Le service de visioconférence a atteint sa limite de ${p.cap} participants simultanés. Réessayez plus tard.`,
  licence_full_internal: (p) => `Le service de visioconférence a atteint sa limite de ${p.cap} participants internes simultanés. Réessayez plus tard.`,
  licence_full_external: (p) => `Le service de visioconférence a atteint sa limite de ${p.cap} participants externes simultanés. Réessayez plus tard.`,
  space_meeting_limit: (p) => `Cet espace a déjà ${p.cap} réunion(s) en cours, sa limite. Réessayez quand l'une d'elles sera terminée.`,
  licence_meeting_limit: (p) => `Le service de visioconférence a déjà ${p.cap} réunions en cours, sa limite. Réessayez plus tard.`,
  meeting_not_running: () => "La réunion n'a pas encore commencé. Attendez qu'un modérateur la démarre.",
  not_a_member: () => "Vous n'êtes pas membre de cet espace.",
  not_a_moderator: () => 'Seuls les modérateurs de cette salle peuvent faire cela.',
  not_a_manager: () => 'Seuls les responsables de cet espace peuvent faire cela.',
  room_not_found: () => "Cette salle n'existe pas (ou plus).",
  room_running: () => "Une réunion est en cours dans cette salle ; terminez-la d'abord.",
  bbb_unavailable: () => 'Le service de visioconférence est indisponible pour le moment. Un nouvel essai dans quelques instants fonctionne en général.',
  invalid_token: () => 'Votre session est invalide ou a expiré. Rechargez la page.',
  policy_forbidden: (p) => `Votre administrateur n'autorise pas « ${p.setting} » ici.`,
  not_admin: () => 'Seuls les administrateurs peuvent faire cela.',
  invalid_limits: (p) => `Limite invalide « ${p.field} »${p.reason ? ` : ${p.reason}` : ''}. Rien n'a été modifié.`,
}

/** The user-facing message for a code in the caller's language, or undefined when there is none. */
export function localizedMessage(
  code: ErrorCode,
  locale: MessageLocale | null | undefined,
  params: Record<string, unknown> = {},
): string | undefined {
  const catalogue = locale === 'fr' ? FR : EN
  return catalogue[code]?.(params)
}

/** Picks fr or en from a token locale or an Accept-Language header; English by default. */
export function pickLocale(tokenLocale: string | null | undefined, acceptLanguage: string | undefined): MessageLocale {
  if (tokenLocale === 'fr' || tokenLocale === 'en') return tokenLocale
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('fr') ? 'fr' : 'en'
}
