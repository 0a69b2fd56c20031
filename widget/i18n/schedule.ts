import type { Texts } from './locale.js'

/**
 * The words of scheduled meetings: the schedule dialog, each room's upcoming meetings and the invitations (mail
 * delivery) view; the standalone script loads them with those (bbb-spaces-schedule.js).
 */
export const SCHEDULE_TEXTS = {
  // The dialog
  'sched.dialog.new': { en: 'Schedule a meeting', fr: 'Planifier une réunion' },
  'sched.dialog.edit': { en: 'Edit the meeting', fr: 'Modifier la réunion' },
  'sched.field.title': { en: 'Title', fr: 'Titre' },
  'sched.field.date': { en: 'Date', fr: 'Date' },
  'sched.field.time': { en: 'Start time', fr: 'Heure de début' },
  'sched.field.duration': { en: 'Duration', fr: 'Durée' },
  'sched.field.zone': { en: 'Time zone', fr: 'Fuseau horaire' },
  'sched.field.description': { en: 'Description (optional)', fr: 'Description (facultative)' },
  'sched.field.attendees': { en: 'Attendees (optional)', fr: 'Participants (facultatif)' },
  'sched.field.attendeesHint': {
    en: 'One per line or separated by commas: Name <address> or just the address. They receive the invitation by mail.',
    fr: 'Un par ligne ou séparés par des virgules : Nom <adresse> ou l’adresse seule. Ils reçoivent l’invitation par courriel.',
  },
  'sched.field.attendeesBad': { en: 'Not an e-mail address: {text}', fr: 'Adresse électronique non valide : {text}' },
  'sched.field.expected': { en: 'Expected attendance (optional)', fr: 'Participation attendue (facultative)' },
  'sched.field.internal': { en: 'Members', fr: 'Membres' },
  'sched.field.external': { en: 'External guests', fr: 'Invités externes' },
  'sched.duration.minutes': { en: '{n} min', fr: '{n} min' },
  'sched.duration.hours': { en: '{h} h', fr: '{h} h' },
  'sched.duration.hoursMinutes': { en: '{h} h {m}', fr: '{h} h {m}' },
  'sched.submit.new': { en: 'Schedule', fr: 'Planifier' },
  'sched.submit.edit': { en: 'Save changes', fr: 'Enregistrer les modifications' },
  'sched.capacity.title': { en: 'Capacity warning', fr: 'Alerte de capacité' },
  'sched.capacity.hour': {
    en: '{when}: {expected} participants expected across the meetings booked then, above the threshold of {limit} set for the licence.',
    fr: '{when} : {expected} participants attendus dans l’ensemble des réunions prévues, au-delà du seuil de {limit} fixé pour la licence.',
  },
  'sched.capacity.kept': {
    en: 'The meeting is scheduled. Keep it as it is, or change the time or the expected attendance.',
    fr: 'La réunion est planifiée. Gardez-la telle quelle, ou changez l’horaire ou la participation attendue.',
  },
  'sched.capacity.keep': { en: 'Keep it', fr: 'La garder' },
  'sched.capacity.refused': {
    en: '{when}: {expected} participants expected, the limit is {limit}.',
    fr: '{when} : {expected} participants attendus, la limite est de {limit}.',
  },
  // The lists
  'sched.list.title': { en: 'Upcoming meetings', fr: 'Réunions à venir' },
  'sched.list.none': { en: 'No meeting scheduled.', fr: 'Aucune réunion planifiée.' },
  'sched.list.attendees0': { en: 'no attendee invited', fr: 'aucun participant invité' },
  'sched.list.attendees1': { en: '1 attendee', fr: '1 participant' },
  'sched.list.attendeesN': { en: '{n} attendees', fr: '{n} participants' },
  'sched.list.now': { en: 'in progress', fr: 'en cours' },
  'sched.action.edit': { en: 'Edit', fr: 'Modifier' },
  'sched.action.cancel': { en: 'Cancel meeting', fr: 'Annuler la réunion' },
  'sched.action.ics': { en: 'Download .ics', fr: 'Télécharger le .ics' },
  'sched.action.invitations': { en: 'Invitations', fr: 'Invitations' },
  'sched.cancel.title': { en: 'Cancel the meeting', fr: 'Annuler la réunion' },
  'sched.cancel.text': {
    en: 'Cancel “{title}” ({when})? Its attendees are told it is cancelled.',
    fr: 'Annuler « {title} » ({when}) ? Ses participants sont prévenus de l’annulation.',
  },
  'sched.cancel.keep': { en: 'Keep the meeting', fr: 'Garder la réunion' },
  'sched.done.scheduled': { en: '“{title}” scheduled.', fr: '« {title} » planifiée.' },
  'sched.done.saved': { en: '“{title}” changed.', fr: '« {title} » modifiée.' },
  'sched.done.cancelled': { en: '“{title}” cancelled.', fr: '« {title} » annulée.' },
  'sched.done.downloaded': { en: 'Invitation downloaded.', fr: 'Invitation téléchargée.' },
  // Invitations (mail)
  'sched.mail.title': { en: 'Invitations — {title}', fr: 'Invitations — {title}' },
  'sched.mail.smtp': { en: 'Invitations are sent by mail.', fr: 'Les invitations sont envoyées par courriel.' },
  'sched.mail.dev': {
    en: 'Development mode: invitations are kept in the development mailbox (/dev/mail), not sent.',
    fr: 'Mode développement : les invitations restent dans la boîte de développement (/dev/mail), sans envoi.',
  },
  'sched.mail.off': {
    en: 'This service does not send mail. Share the room link or the .ics file with the attendees yourself.',
    fr: 'Ce service n’envoie pas de courriel. Transmettez vous-même le lien de la salle ou le fichier .ics aux participants.',
  },
  'sched.mail.none': { en: 'No attendee invited.', fr: 'Aucun participant invité.' },
  'sched.mail.loading': { en: 'Loading…', fr: 'Chargement…' },
  'sched.mail.external': { en: 'external', fr: 'externe' },
  'sched.mail.member': { en: 'member', fr: 'membre' },
  'sched.mail.removed': { en: 'removed', fr: 'retiré' },
  'sched.mail.pending': { en: 'Mail queued', fr: 'Courriel en attente' },
  'sched.mail.sent': { en: 'Mail sent', fr: 'Courriel envoyé' },
  'sched.mail.failed': { en: 'Mail refused', fr: 'Courriel refusé' },
  'sched.mail.unsent': { en: 'No mail', fr: 'Pas de courriel' },
  'sched.mail.cancel': { en: '(cancellation)', fr: '(annulation)' },
  'sched.link.active': { en: 'Personal link active', fr: 'Lien personnel actif' },
  'sched.link.revoked': { en: 'Personal link revoked', fr: 'Lien personnel révoqué' },
  'sched.link.expired': { en: 'Personal link expired', fr: 'Lien personnel expiré' },
  'sched.mail.resend': { en: 'Resend', fr: 'Renvoyer' },
  'sched.mail.revoke': { en: 'Revoke link', fr: 'Révoquer le lien' },
  'sched.mail.resent': { en: 'Invitation sent again to {email}.', fr: 'Invitation renvoyée à {email}.' },
  'sched.mail.revokedDone': { en: 'Link of {email} revoked.', fr: 'Lien de {email} révoqué.' },
} as const satisfies Texts

/** A key of {@link SCHEDULE_TEXTS}. */
export type ScheduleTextKey = keyof typeof SCHEDULE_TEXTS
