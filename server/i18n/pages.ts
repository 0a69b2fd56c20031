/**
 * The texts of the pages the server renders itself (the room-link page before its script runs): the same words
 * as the page's script says for the same state (widget/i18n/link.ts and errors.ts; tests/widget/link-words.test.ts).
 */
export const PAGE_TEXTS = {
  roomNotFoundTitle: { en: 'Room not found', fr: 'Salle introuvable' },
  roomNotFound: { en: 'This room does not exist (any more).', fr: "Cette salle n'existe pas (ou plus)." },
  meetingRunning: { en: 'Meeting in progress: {count} in', fr: 'Réunion en cours : {count} présents' },
  meetingRunningOne: { en: 'Meeting in progress: 1 in', fr: 'Réunion en cours : 1 présent' },
  meetingNotStarted: { en: 'The meeting has not started yet.', fr: 'La réunion n’a pas encore commencé.' },
  language: { en: 'Language', fr: 'Langue' },
  needsJavaScript: {
    en: 'This page needs JavaScript to join the meeting.',
    fr: 'Cette page a besoin de JavaScript pour rejoindre la réunion.',
  },
} as const satisfies Record<string, { fr: string; en: string }>

export type PageTextKey = keyof typeof PAGE_TEXTS
