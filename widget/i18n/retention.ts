import type { Texts } from './locale.js'

/** The retention panel's words (admin console). */
export const RETENTION_TEXTS = {
  'retention.title': { en: 'Retention of personal data', fr: 'Conservation des données personnelles' },
  'retention.intro': {
    en: 'Older data is deleted once a day. The defaults follow the CNIL’s usual durations; see the documentation for why.',
    fr: 'Les données plus anciennes sont supprimées une fois par jour. Les valeurs par défaut suivent les durées usuelles de la CNIL ; la documentation explique pourquoi.',
  },
  'retention.durations': { en: 'How long it is kept (days)', fr: 'Durée de conservation (jours)' },
  'retention.f.attendanceDays': { en: 'Attendance and meeting history', fr: 'Présences et historique des réunions' },
  'retention.f.auditDays': { en: 'Audit log', fr: 'Journal d’audit' },
  'retention.f.usagePerSpaceDays': { en: 'Usage history per space', fr: 'Historique d’utilisation par espace' },
  'retention.f.mailDays': { en: 'Invitation mail sent', fr: 'Courriels d’invitation envoyés' },
  'retention.f.identityDays': {
    en: 'People known from the platform (name, e-mail, spaces), since last seen',
    fr: 'Personnes connues de la plateforme (nom, courriel, espaces), depuis leur dernière venue',
  },
  'retention.f.recordingDays': { en: 'Recordings (empty: kept until deleted)', fr: 'Enregistrements (vide : conservés jusqu’à leur suppression)' },
  'retention.keptUntilDeleted': { en: 'Kept until deleted', fr: 'Conservés jusqu’à suppression' },
  'retention.consent': { en: 'Recording consent', fr: 'Consentement à l’enregistrement' },
  'retention.consentEnabled': {
    en: 'Tell participants when a meeting may be recorded',
    fr: 'Prévenir les participants quand une réunion peut être enregistrée',
  },
  'retention.consentFr': { en: 'Text in French (empty: the default words)', fr: 'Texte en français (vide : le texte par défaut)' },
  'retention.consentEn': { en: 'Text in English (empty: the default words)', fr: 'Texte en anglais (vide : le texte par défaut)' },
  'retention.save': { en: 'Save retention', fr: 'Enregistrer la conservation' },
  // One space's own rule for its recordings (the "One space" panel).
  'retention.space.title': { en: 'Recordings of {space}: how long they are kept', fr: 'Enregistrements de {space} : durée de conservation' },
  'retention.space.own': { en: 'In force: {rule} (this space’s own rule).', fr: 'En vigueur : {rule} (règle propre à cet espace).' },
  'retention.space.global': { en: 'In force: {rule} (the global rule).', fr: 'En vigueur : {rule} (règle générale).' },
  'retention.space.days.one': { en: 'deleted {n} day after they end', fr: 'supprimés {n} jour après leur fin' },
  'retention.space.days.other': { en: 'deleted {n} days after they end', fr: 'supprimés {n} jours après leur fin' },
  'retention.space.kept': { en: 'kept until someone deletes them', fr: 'conservés jusqu’à ce que quelqu’un les supprime' },
  'retention.space.rule': { en: 'Rule for this space', fr: 'Règle pour cet espace' },
  'retention.space.useGlobal': { en: 'The global rule ({rule})', fr: 'La règle générale ({rule})' },
  'retention.space.useDays': { en: 'Deleted after a number of days', fr: 'Supprimés après un nombre de jours' },
  'retention.space.daysField': { en: 'Days after a recording ends (1 to 3650)', fr: 'Jours après la fin d’un enregistrement (1 à 3650)' },
  'retention.space.useKept': { en: 'Kept until someone deletes them', fr: 'Conservés jusqu’à ce que quelqu’un les supprime' },
  'retention.space.badDays': {
    en: 'Give a whole number of days from 1 to 3650, or choose another rule. Nothing was changed.',
    fr: 'Saisissez un nombre entier de jours, de 1 à 3650, ou choisissez une autre règle. Rien n’a été modifié.',
  },
  'retention.space.backToGlobal': { en: 'Saved: the global rule applies again.', fr: 'Enregistré : la règle générale s’applique de nouveau.' },
} as const satisfies Texts
