import type { Texts } from './locale.js'

/** The "Past meetings" section's words (its own chunk, loaded for room moderators and space managers). */
export const ATTENDANCE_TEXTS = {
  'past.title': { en: 'Past meetings', fr: 'Réunions passées' },
  'past.loading': { en: 'Loading…', fr: 'Chargement…' },
  'past.none': { en: 'No past meeting yet.', fr: 'Aucune réunion passée pour le moment.' },
  'past.minutes': { en: '{n} min', fr: '{n} min' },
  'past.running': { en: 'in progress', fr: 'en cours' },
  'past.attended': { en: 'attendees: {n}', fr: 'participants\u00a0: {n}' },
  'past.attendance': { en: 'Attendance', fr: 'Présences' },
  'past.csv': { en: 'Download CSV', fr: 'Télécharger le CSV' },
  'past.downloaded': { en: 'Attendance downloaded.', fr: 'Présences téléchargées.' },
  'past.nobody': { en: 'Nobody attended.', fr: 'Personne n’a participé.' },
  'past.kind.internal': { en: 'internal', fr: 'interne' },
  'past.kind.external': { en: 'external', fr: 'externe' },
  'past.kind.guest': { en: 'guest', fr: 'invité' },
  'past.role.moderator': { en: 'moderator', fr: 'modérateur' },
  'past.role.viewer': { en: 'participant', fr: 'participant' },
  'past.stay': { en: '{from} to {to}', fr: 'de {from} à {to}' },
  'past.stillIn': { en: 'still in', fr: 'toujours présent' },
} as const satisfies Texts
