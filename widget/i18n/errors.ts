import { WidgetError, type WidgetErrorCode } from '../api.js'
import { fill, type Locale, type Text, type TextVars } from './locale.js'

/**
 * What the widget and the room-link page say for every error code, in French and English. Typed as a
 * `Record` over the service's whole `ErrorCode` union: a new code does not compile until it has its words.
 * `{name}` placeholders are filled from the error's `details`.
 */
export const ERROR_TEXTS: Readonly<Record<WidgetErrorCode, Text>> = {
  // request shape
  invalid_request: { en: 'A value is not valid.', fr: 'Une valeur n’est pas valide.' },
  invalid_json: { en: 'The request could not be read.', fr: 'La requête n’a pas pu être lue.' },
  payload_too_large: { en: 'What was sent is too large.', fr: 'L’envoi est trop volumineux.' },
  unsupported_media_type: { en: 'The request could not be read.', fr: 'La requête n’a pas pu être lue.' },
  route_not_found: { en: 'The meeting service does not know this address.', fr: 'Le service de réunions ne connaît pas cette adresse.' },
  method_not_allowed: { en: 'The meeting service does not allow this.', fr: 'Le service de réunions ne permet pas cela.' },
  rate_limited: {
    en: 'Too many attempts. Wait a few minutes and try again.',
    fr: 'Trop de tentatives. Attendez quelques minutes puis réessayez.',
  },
  // identity and permissions
  invalid_token: { en: 'Your session has expired. Reload the page.', fr: 'Votre session a expiré. Rechargez la page.' },
  invalid_ticket: { en: 'Your session has expired. Reload the page.', fr: 'Votre session a expiré. Rechargez la page.' },
  not_a_member: { en: 'You are not a member of this space.', fr: 'Vous n’êtes pas membre de cet espace.' },
  not_a_moderator: { en: 'Only a moderator can do this.', fr: 'Seul un modérateur peut faire cela.' },
  not_a_manager: { en: 'Only a space manager can do this.', fr: 'Seul un gestionnaire de l’espace peut faire cela.' },
  not_admin: { en: 'Only an administrator can do this.', fr: 'Seul un administrateur peut faire cela.' },
  forbidden: { en: 'You may not do this.', fr: 'Vous n’avez pas le droit de faire cela.' },
  // rooms and meetings
  room_not_found: { en: 'This room does not exist (any more).', fr: 'Cette salle n’existe pas (ou plus).' },
  room_running: {
    en: 'The room cannot be deleted while a meeting is running.',
    fr: 'La salle ne peut pas être supprimée pendant une réunion.',
  },
  meeting_not_running: { en: 'The meeting has not started yet.', fr: 'La réunion n’a pas encore commencé.' },
  meeting_not_found: { en: 'This meeting does not exist (any more).', fr: 'Cette réunion n’existe pas (ou plus).' },
  meeting_not_open_yet: { en: 'This meeting is not open yet.', fr: 'Cette réunion n’est pas encore ouverte.' },
  recording_not_found: { en: 'This recording does not exist (any more).', fr: 'Cet enregistrement n’existe pas (ou plus).' },
  // limits
  invalid_limits: { en: 'A value is not valid.', fr: 'Une valeur n’est pas valide.' },
  policy_forbidden: {
    en: 'This setting is not allowed by the administrator.',
    fr: 'Ce réglage n’est pas autorisé par l’administrateur.',
  },
  space_meeting_limit: {
    en: 'This space already has as many meetings as it may run at once. Try again later.',
    fr: 'Cet espace a déjà autant de réunions simultanées que permis. Réessayez plus tard.',
  },
  licence_meeting_limit: {
    en: 'The organisation already runs as many meetings as it may. Try again later.',
    fr: 'L’organisation a déjà autant de réunions que permis. Réessayez plus tard.',
  },
  room_full: { en: 'This room is full. Try again later.', fr: 'Cette salle est pleine. Réessayez plus tard.' },
  licence_full: {
    en: 'The organisation has reached its limit of people in meetings. Try again later.',
    fr: 'L’organisation a atteint sa limite de participants en réunion. Réessayez plus tard.',
  },
  licence_full_internal: {
    en: 'The organisation has reached its limit of internal participants. Try again later.',
    fr: 'L’organisation a atteint sa limite de participants internes. Réessayez plus tard.',
  },
  licence_full_external: {
    en: 'The organisation has reached its limit of external participants. Try again later.',
    fr: 'L’organisation a atteint sa limite de participants externes. Réessayez plus tard.',
  },
  // links and guests
  guests_not_allowed: { en: 'This room does not let guests in.', fr: 'Cette salle n’accepte pas d’invités.' },
  invalid_access_code: { en: 'This access code is not the right one.', fr: 'Ce code d’accès n’est pas le bon.' },
  access_code_required: { en: 'This room asks for an access code.', fr: 'Cette salle demande un code d’accès.' },
  oidc_not_configured: { en: 'Sign-in is not available here.', fr: 'La connexion n’est pas disponible ici.' },
  oidc_failed: { en: 'Sign-in did not complete. Try again.', fr: 'La connexion n’a pas abouti. Réessayez.' },
  invalid_calendar_key: {
    en: 'This calendar feed address is unknown or was revoked.',
    fr: 'Cette adresse d’agenda est inconnue ou a été révoquée.',
  },
  // callbacks
  invalid_callback: { en: 'The video service’s call could not be verified.', fr: 'L’appel du service de visioconférence n’a pas pu être vérifié.' },
  // BigBlueButton
  bbb_unavailable: {
    en: 'The video service is unavailable. Try again in a moment.',
    fr: 'Le service de visioconférence est indisponible. Réessayez dans un instant.',
  },
  bbb_error: { en: 'The video service refused the request.', fr: 'Le service de visioconférence a refusé la demande.' },
  // anything else
  service_unavailable: {
    en: 'The meeting service is unavailable. Try again in a moment.',
    fr: 'Le service de réunions est indisponible. Réessayez dans un instant.',
  },
  internal_error: { en: 'Something went wrong. Try again.', fr: 'Une erreur est survenue. Réessayez.' },
  // the widget's own
  network: {
    en: 'The meeting service cannot be reached. Check your connection.',
    fr: 'Le service de réunions est injoignable. Vérifiez votre connexion.',
  },
  unknown: { en: 'Something went wrong. Try again.', fr: 'Une erreur est survenue. Réessayez.' },
}

/** Whether the catalogue has words for this code (a code from a newer service may not). */
export function isKnownErrorCode(code: string): code is WidgetErrorCode {
  return Object.hasOwn(ERROR_TEXTS, code)
}

/** The text for an error code in one language, placeholders filled from the error's details. */
export function errorMessage(code: WidgetErrorCode, locale: Locale, details?: TextVars): string {
  return fill(ERROR_TEXTS[code][locale], details)
}

/**
 * What to tell the person about a failure: the catalogue's text for a WidgetError's code; for a code this
 * widget does not know yet, the service's own (localised) message; otherwise "Something went wrong".
 */
export function errorText(err: unknown, locale: Locale): string {
  if (err instanceof WidgetError) {
    if (isKnownErrorCode(err.code)) return errorMessage(err.code, locale, err.details)
    if (err.message) return err.message
  }
  return errorMessage('unknown', locale)
}
