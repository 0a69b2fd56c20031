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
} as const satisfies Texts
