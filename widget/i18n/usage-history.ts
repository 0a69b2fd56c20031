import type { Texts } from './locale.js'

/** The usage-history panel's words (admin console). */
export const USAGE_HISTORY_TEXTS = {
  'history.title': { en: 'Usage over time', fr: 'Utilisation dans le temps' },
  'history.period': { en: 'Period', fr: 'Période' },
  'history.day': { en: 'Day', fr: 'Jour' },
  'history.week': { en: 'Week', fr: 'Semaine' },
  'history.month': { en: 'Month', fr: 'Mois' },
  'history.year': { en: 'Year', fr: 'Année' },
  'history.chart': { en: 'Participants at once, {period}', fr: 'Participants simultanés, {period}' },
  'history.summary': {
    en: 'Highest: {peak} participants on {when}. Licence cap: {cap}.',
    fr: 'Maximum : {peak} participants le {when}. Plafond de la licence : {cap}.',
  },
  'history.noCap': { en: 'none', fr: 'aucun' },
  'history.cap': { en: 'licence cap {cap}', fr: 'plafond de la licence {cap}' },
  'history.empty': { en: 'No usage recorded over this period.', fr: 'Aucune utilisation enregistrée sur cette période.' },
  'history.table': { en: 'Show the data as a table', fr: 'Afficher les données en tableau' },
  'history.when': { en: 'When', fr: 'Quand' },
  'history.peak': { en: 'Peak', fr: 'Pic' },
  'history.avg': { en: 'Average', fr: 'Moyenne' },
  'history.internal': { en: 'Internal (peak)', fr: 'Internes (pic)' },
  'history.external': { en: 'External (peak)', fr: 'Externes (pic)' },
  'history.meetings': { en: 'Meetings (peak)', fr: 'Réunions (pic)' },
  'history.dailyPeaks': { en: 'Peaks', fr: 'Pics' },
  'history.busiest': { en: 'Busiest spaces', fr: 'Espaces les plus actifs' },
  'history.space': { en: 'Space', fr: 'Espace' },
} as const satisfies Texts
