/** The texts of the pages the server renders itself (the room-link page before its script runs). */
export const PAGE_TEXTS = {
  roomNotFoundTitle: { en: 'Room not found', fr: 'Salle introuvable' },
  roomNotFound: { en: 'This room does not exist (any more).', fr: "Cette salle n'existe pas (ou plus)." },
  meetingRunning: { en: 'The meeting is running.', fr: 'La réunion est en cours.' },
  meetingNotStarted: { en: 'The meeting has not started.', fr: "La réunion n'a pas commencé." },
  needsJavaScript: {
    en: 'This page needs JavaScript to join the meeting.',
    fr: 'Cette page a besoin de JavaScript pour rejoindre la réunion.',
  },
} as const satisfies Record<string, { fr: string; en: string }>

export type PageTextKey = keyof typeof PAGE_TEXTS
