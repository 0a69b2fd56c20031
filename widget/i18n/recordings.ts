import type { Texts } from './locale.js'

/** The recordings list's words (its own chunk, loaded for rooms that record). */
export const RECORDING_TEXTS = {
  'recordings.title': { en: 'Recordings', fr: 'Enregistrements' },
  'recordings.play': { en: 'Play', fr: 'Lire' },
  'recordings.newTab': { en: 'opens in a new tab', fr: 's’ouvre dans un nouvel onglet' },
  'recordings.processing': { en: 'Being processed…', fr: 'En cours de traitement…' },
  'recordings.unpublished': { en: 'not published', fr: 'non publié' },
  'recordings.publish': { en: 'Publish', fr: 'Publier' },
  'recordings.unpublish': { en: 'Unpublish', fr: 'Dépublier' },
  'recordings.keep': { en: 'Keep', fr: 'Conserver' },
  'recordings.kept': { en: 'kept', fr: 'conservé' },
  'recordings.keepHint': {
    en: 'Never deleted by the retention rule',
    fr: 'Jamais supprimé par la règle de conservation',
  },
  'recordings.rename': { en: 'Rename', fr: 'Renommer' },
  'recordings.remove': { en: 'Delete', fr: 'Supprimer' },
  'recordings.removeTitle': { en: 'Delete recording', fr: 'Supprimer l’enregistrement' },
  'recordings.removeConfirm': {
    en: 'Delete the recording {name}? This cannot be undone.',
    fr: 'Supprimer l’enregistrement {name} ? Cette action est définitive.',
  },
  'recordings.renameTitle': { en: 'Rename recording', fr: 'Renommer l’enregistrement' },
  'recordings.name': { en: 'Name', fr: 'Nom' },
  'recordings.minutes': { en: '{n} min', fr: '{n} min' },
  'recordings.done': { en: 'Recordings updated.', fr: 'Enregistrements mis à jour.' },
} as const satisfies Texts
