import type { ErrorCode } from '../contract/index.js'

/**
 * A text in one language: fixed, or built from the error's details (`cap`, `field`, `setting`…) and, for the
 * request-shape codes only, the technical message naming what was wrong (`name: must be 2 to 64 characters`).
 */
export type Text = string | ((details: Readonly<Record<string, unknown>>, technical: string) => string)

/**
 * Why a limit was refused (`invalid_limits` `details.rule`, with `min`/`max`), in words: never the field's
 * internal name, which the admin console shows beside the field itself.
 */
function limitWhy(p: Readonly<Record<string, unknown>>, locale: 'fr' | 'en'): string {
  const rule = p.rule ?? (p.max !== undefined ? 'max' : p.min !== undefined ? 'min' : undefined)
  const fr = locale === 'fr'
  switch (rule) {
    case 'integer':
      return fr ? ' : saisissez un nombre entier' : ': enter a whole number'
    case 'min':
      return fr ? ` : saisissez ${String(p.min)} ou plus` : `: enter ${String(p.min)} or more`
    case 'max':
      return fr ? ` : ${String(p.max)} au plus` : `: ${String(p.max)} at most`
    case 'unknown_field':
      return fr ? ' : ce réglage est inconnu' : ': this setting is unknown'
    default:
      return ''
  }
}

/** Every text the API answers for an error, in French and English: the one server catalogue of error messages. */
export const ERROR_TEXTS: Readonly<Record<ErrorCode, { readonly fr: Text; readonly en: Text }>> = {
  invalid_request: {
    en: (_d, m) => `The request is not valid: ${m}`,
    fr: (_d, m) => `La requête n'est pas valide : ${m}`,
  },
  invalid_json: { en: 'The request body is not valid JSON.', fr: "Le corps de la requête n'est pas du JSON valide." },
  payload_too_large: { en: 'The request body is too large.', fr: 'Le corps de la requête est trop volumineux.' },
  unsupported_media_type: {
    en: 'Send JSON with Content-Type: application/json.',
    fr: 'Envoyez du JSON avec Content-Type: application/json.',
  },
  route_not_found: { en: (_d, m) => `Not found. ${m}`, fr: (_d, m) => `Introuvable. ${m}` },
  method_not_allowed: { en: 'This method is not allowed here.', fr: "Cette méthode n'est pas permise ici." },
  rate_limited: {
    en: 'Too many attempts. Wait a few minutes and try again.',
    fr: "Trop d'essais. Attendez quelques minutes puis réessayez.",
  },
  invalid_token: {
    en: 'Your session is invalid or has expired. Reload the page.',
    fr: 'Votre session est invalide ou a expiré. Rechargez la page.',
  },
  invalid_ticket: {
    en: 'This live-status ticket is invalid or has expired. Reload the page.',
    fr: 'Ce ticket de suivi en direct est invalide ou a expiré. Rechargez la page.',
  },
  not_a_member: { en: 'You are not a member of this space.', fr: "Vous n'êtes pas membre de cet espace." },
  not_a_moderator: {
    en: 'Only the moderators of this room can do that.',
    fr: 'Seuls les modérateurs de cette salle peuvent faire cela.',
  },
  not_a_manager: {
    en: 'Only the managers of this space can do that.',
    fr: 'Seuls les responsables de cet espace peuvent faire cela.',
  },
  not_admin: { en: 'Only administrators can do this.', fr: 'Seuls les administrateurs peuvent faire cela.' },
  forbidden: { en: 'You may not read this.', fr: "Vous n'avez pas accès à cette ressource." },
  room_not_found: { en: 'This room does not exist (any more).', fr: "Cette salle n'existe pas (ou plus)." },
  room_running: {
    en: 'This room has a meeting running; end it first.',
    fr: "Une réunion est en cours dans cette salle ; terminez-la d'abord.",
  },
  meeting_not_running: {
    en: 'The meeting has not started yet. Wait for a moderator to start it.',
    fr: "La réunion n'a pas encore commencé. Attendez qu'un modérateur la démarre.",
  },
  meeting_not_found: {
    en: 'This scheduled meeting does not exist (any more).',
    fr: "Cette réunion planifiée n'existe pas (ou plus).",
  },
  meeting_not_open_yet: {
    en: 'This meeting is not open yet. Come back a little before it starts.',
    fr: "Cette réunion n'est pas encore ouverte. Revenez peu avant son début.",
  },
  capacity_exceeded: {
    en: 'The meetings booked at that time would expect more participants than the licence allows. Choose another time or fewer attendees.',
    fr: 'Les réunions prévues à ce moment attendraient plus de participants que la licence ne le permet. Choisissez un autre horaire ou moins de participants.',
  },
  recording_not_found: {
    en: 'This recording does not exist (any more) in this room.',
    fr: "Cet enregistrement n'existe pas (ou plus) dans cette salle.",
  },
  document_not_found: {
    en: 'This document does not exist (any more) in this room.',
    fr: "Ce document n'existe pas (ou plus) dans cette salle.",
  },
  document_too_large: {
    en: "This file is too large for a room's slides.",
    fr: "Ce fichier est trop volumineux pour les diapositives d'une salle.",
  },
  document_type_not_allowed: {
    en: 'This type of file cannot be used as slides: choose a PDF, ODP, PPTX, DOCX, PNG or JPEG file.',
    fr: 'Ce type de fichier ne peut pas servir de diapositives : choisissez un fichier PDF, ODP, PPTX, DOCX, PNG ou JPEG.',
  },
  too_many_documents: {
    en: 'This room already has as many documents as it may hold; delete one first.',
    fr: "Cette salle a déjà autant de documents qu'elle peut en contenir ; supprimez-en un d'abord.",
  },
  documents_quota_exceeded: {
    en: "This room's documents would take more space than allowed; delete one first.",
    fr: "Les documents de cette salle prendraient plus de place que permis ; supprimez-en un d'abord.",
  },
  invalid_document_link: {
    en: 'This document link is not valid (altered or expired).',
    fr: "Ce lien de document n'est pas valide (modifié ou expiré).",
  },
  run_not_found: {
    en: 'This meeting does not exist (any more).',
    fr: "Cette réunion n'existe pas (ou plus).",
  },
  invalid_limits: {
    en: (p) => `This limit is not accepted${limitWhy(p, 'en')}. Nothing was changed.`,
    fr: (p) => `Cette limite n'est pas acceptée${limitWhy(p, 'fr')}. Rien n'a été modifié.`,
  },
  policy_forbidden: {
    en: (p) => `Your administrator does not allow "${String(p.setting)}" here.`,
    fr: (p) => `Votre administrateur n'autorise pas « ${String(p.setting)} » ici.`,
  },
  invalid_setting: {
    en: (p) => `Invalid room setting "${String(p.setting)}"${p.reason ? `: ${String(p.reason)}` : ''}. Nothing was changed.`,
    fr: (p) => `Réglage de salle invalide « ${String(p.setting)} »${p.reason ? ` : ${String(p.reason)}` : ''}. Rien n'a été modifié.`,
  },
  space_meeting_limit: {
    en: (p) => `This space already has ${String(p.cap)} meeting(s) running, its limit. Try again when one ends.`,
    fr: (p) => `Cet espace a déjà ${String(p.cap)} réunion(s) en cours, sa limite. Réessayez quand l'une d'elles sera terminée.`,
  },
  licence_meeting_limit: {
    en: (p) => `The video service already runs ${String(p.cap)} meetings, its limit. Try again later.`,
    fr: (p) => `Le service de visioconférence a déjà ${String(p.cap)} réunions en cours, sa limite. Réessayez plus tard.`,
  },
  room_full: {
    en: (p) => `This meeting is full (${String(p.cap)} participants). Try again later, when someone leaves.`,
    fr: (p) => `Cette réunion est complète (${String(p.cap)} participants). Réessayez plus tard, quand quelqu'un sera parti.`,
  },
  licence_full: {
    en: (p) => `The video service has reached its limit of ${String(p.cap)} simultaneous participants. Try again later.`,
    fr: (p) => `Le service de visioconférence a atteint sa limite de ${String(p.cap)} participants simultanés. Réessayez plus tard.`,
  },
  licence_full_internal: {
    en: (p) => `The video service has reached its limit of ${String(p.cap)} simultaneous internal participants. Try again later.`,
    fr: (p) =>
      `Le service de visioconférence a atteint sa limite de ${String(p.cap)} participants internes simultanés. Réessayez plus tard.`,
  },
  licence_full_external: {
    en: (p) => `The video service has reached its limit of ${String(p.cap)} simultaneous external participants. Try again later.`,
    fr: (p) =>
      `Le service de visioconférence a atteint sa limite de ${String(p.cap)} participants externes simultanés. Réessayez plus tard.`,
  },
  guests_not_allowed: {
    en: 'This room does not let guests in. Ask its organiser for an invitation.',
    fr: "Cette salle n'accepte pas d'invités. Demandez une invitation à son organisateur.",
  },
  invalid_access_code: { en: 'This access code is not the right one.', fr: "Ce code d'accès n'est pas le bon." },
  access_code_required: { en: 'This room asks for an access code.', fr: "Cette salle demande un code d'accès." },
  access_code_too_weak: {
    en: 'This access code is too easy to guess: use at least 8 digits or 6 letters and digits, not a run like 12345678.',
    fr: "Ce code d'accès est trop facile à deviner : utilisez au moins 8 chiffres ou 6 lettres et chiffres, pas une suite comme 12345678.",
  },
  visitor_required: {
    en: 'Open the room link in your browser first, then join from its page.',
    fr: "Ouvrez d'abord le lien de la salle dans votre navigateur, puis rejoignez-la depuis sa page.",
  },
  oidc_not_configured: {
    en: 'Sign-in is not configured on this service.',
    fr: "La connexion n'est pas configurée sur ce service.",
  },
  oidc_failed: { en: 'Sign-in did not complete. Try again.', fr: "La connexion n'a pas abouti. Réessayez." },
  invalid_calendar_key: {
    en: 'This calendar feed address is unknown or was revoked.',
    fr: "Cette adresse d'agenda est inconnue ou a été révoquée.",
  },
  invitation_revoked: {
    en: 'This personal invitation link was withdrawn by the organiser. Ask them for a new invitation.',
    fr: "Ce lien d'invitation personnel a été retiré par l'organisateur. Demandez-lui une nouvelle invitation.",
  },
  invitation_expired: {
    en: 'This personal invitation link has expired: the meeting is over.',
    fr: "Ce lien d'invitation personnel a expiré : la réunion est terminée.",
  },
  invitation_not_found: {
    en: 'This personal invitation link is not valid: check the address in your invitation, or ask the organiser for a new one.',
    fr: "Ce lien d'invitation personnel n'est pas valide : vérifiez l'adresse de votre invitation, ou demandez-en une nouvelle à l'organisateur.",
  },
  attendee_not_found: {
    en: 'This address is not among the attendees of the meeting.',
    fr: "Cette adresse ne fait pas partie des participants de la réunion.",
  },
  mail_disabled: {
    en: 'This service does not send mail (no SMTP server is configured).',
    fr: "Ce service n'envoie pas de courriel (aucun serveur SMTP n'est configuré).",
  },
  invalid_callback: {
    en: 'This callback is not signed by the video service.',
    fr: "Ce rappel n'est pas signé par le service de visioconférence.",
  },
  bbb_unavailable: {
    en: 'The video service is unavailable right now. Retrying shortly usually works.',
    fr: 'Le service de visioconférence est indisponible pour le moment. Un nouvel essai dans quelques instants fonctionne en général.',
  },
  bbb_error: {
    en: 'The video service refused the request. Try again; if it persists, tell your administrator.',
    fr: 'Le service de visioconférence a refusé la demande. Réessayez ; si cela persiste, prévenez votre administrateur.',
  },
  service_unavailable: {
    en: 'The service is not available right now. Try again in a moment.',
    fr: "Le service n'est pas disponible pour le moment. Réessayez dans un instant.",
  },
  internal_error: {
    en: 'Something went wrong on our side. It has been logged.',
    fr: "Quelque chose s'est mal passé de notre côté. C'est consigné.",
  },
}
