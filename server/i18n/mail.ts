/** The words of invitation mail (iMIP), French and English; `{x}` are filled in by server/mail/compose.ts. */
export const MAIL_TEXTS = {
  subjectNew: { fr: 'Invitation : {title}', en: 'Invitation: {title}' },
  subjectUpdate: { fr: 'Mise à jour : {title}', en: 'Updated: {title}' },
  subjectCancel: { fr: 'Annulée : {title}', en: 'Cancelled: {title}' },
  leadNew: { fr: '{organizer} vous invite à la réunion « {title} ».', en: '{organizer} invites you to the meeting “{title}”.' },
  leadUpdate: { fr: '{organizer} a modifié la réunion « {title} ».', en: '{organizer} changed the meeting “{title}”.' },
  leadCancel: { fr: '{organizer} a annulé la réunion « {title} ».', en: '{organizer} cancelled the meeting “{title}”.' },
  leadRemoved: {
    fr: '{organizer} vous a retiré de la réunion « {title} » : elle est annulée pour vous.',
    en: '{organizer} removed you from the meeting “{title}”: it is cancelled for you.',
  },
  when: { fr: 'Quand', en: 'When' },
  join: { fr: 'Rejoindre la réunion', en: 'Join the meeting' },
  personalLink: {
    fr: 'Ce lien vous est personnel : il vous fait entrer sous votre nom, sans code. Ne le transférez pas.',
    en: 'This link is yours: it lets you in under your name, without a code. Do not forward it.',
  },
  phone: { fr: 'Par téléphone', en: 'By phone' },
  room: { fr: 'Salle', en: 'Room' },
  calendarHint: {
    fr: 'Votre agenda peut ajouter cette réunion : l’invitation est jointe (invite.ics).',
    en: 'Your calendar can add this meeting: the invitation is attached (invite.ics).',
  },
} as const satisfies Record<string, { fr: string; en: string }>

export type MailTextKey = keyof typeof MAIL_TEXTS
