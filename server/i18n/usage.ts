/** The column headers of the usage-history CSV (`GET /admin/usage/history?format=csv`). */
export const USAGE_CSV_HEADERS = {
  at: { en: 'Start (UTC)', fr: 'Début (UTC)' },
  minutes: { en: 'Minutes sampled', fr: 'Minutes mesurées' },
  participantsMax: { en: 'Participants (peak)', fr: 'Participants (pic)' },
  participantsAvg: { en: 'Participants (average)', fr: 'Participants (moyenne)' },
  internalMax: { en: 'Internal (peak)', fr: 'Internes (pic)' },
  internalAvg: { en: 'Internal (average)', fr: 'Internes (moyenne)' },
  externalMax: { en: 'External (peak)', fr: 'Externes (pic)' },
  externalAvg: { en: 'External (average)', fr: 'Externes (moyenne)' },
  meetingsMax: { en: 'Meetings (peak)', fr: 'Réunions (pic)' },
  meetingsAvg: { en: 'Meetings (average)', fr: 'Réunions (moyenne)' },
} as const satisfies Record<string, { fr: string; en: string }>
