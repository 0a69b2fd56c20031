import type { Texts } from './locale.js'

/** The words of a room's slides (documents ready when the meeting opens), in the room dialog. */
export const DOCUMENT_TEXTS = {
  'documents.title': { en: 'Slides', fr: 'Diapositives' },
  'documents.hint': {
    en: 'Shown when the meeting starts, the first one on screen. Up to {max} files (PDF, ODP, PPTX, DOCX, PNG, JPEG), {size} each.',
    fr: 'Affichées au démarrage de la réunion, la première à l’écran. Jusqu’à {max} fichiers (PDF, ODP, PPTX, DOCX, PNG, JPEG), {size} chacun.',
  },
  'documents.none': { en: 'No slides yet.', fr: 'Pas encore de diapositives.' },
  'documents.add': { en: 'Add a file', fr: 'Ajouter un fichier' },
  'documents.full': { en: 'This room has as many files as it may hold.', fr: 'Cette salle a autant de fichiers qu’elle peut en contenir.' },
  'documents.uploading': { en: 'Uploading {name}…', fr: 'Envoi de {name}…' },
  'documents.uploaded': { en: '{name} added to the slides.', fr: '{name} ajouté aux diapositives.' },
  'documents.remove': { en: 'Delete', fr: 'Supprimer' },
  'documents.removed': { en: '{name} deleted.', fr: '{name} supprimé.' },
  'documents.link': { en: 'from the platform', fr: 'depuis la plateforme' },
  'documents.kb': { en: '{n} KB', fr: '{n} Ko' },
  'documents.mb': { en: '{n} MB', fr: '{n} Mo' },
} as const satisfies Texts
