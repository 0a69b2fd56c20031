/** The words of the attendance export (CSV headers and values), in French and English. */
export const ATTENDANCE_TEXTS = {
  name: { en: 'Name', fr: 'Nom' },
  userId: { en: 'User id', fr: 'Identifiant' },
  kind: { en: 'Type', fr: 'Type' },
  role: { en: 'Role', fr: 'Rôle' },
  firstJoinedAt: { en: 'First joined', fr: 'Première arrivée' },
  lastLeftAt: { en: 'Last left', fr: 'Dernier départ' },
  present: { en: 'Time present', fr: 'Temps de présence' },
  sessions: { en: 'Sessions', fr: 'Connexions' },
  talk: { en: 'Talk time', fr: 'Temps de parole' },
  messages: { en: 'Chat messages', fr: 'Messages' },
  webcam: { en: 'Webcam time', fr: 'Temps de caméra' },
  internal: { en: 'Internal', fr: 'Interne' },
  external: { en: 'External', fr: 'Externe' },
  guest: { en: 'Guest', fr: 'Invité' },
  moderator: { en: 'Moderator', fr: 'Modérateur' },
  viewer: { en: 'Participant', fr: 'Participant' },
  stillPresent: { en: 'still present', fr: 'encore présent' },
} as const satisfies Record<string, { fr: string; en: string }>

export type AttendanceTextKey = keyof typeof ATTENDANCE_TEXTS
