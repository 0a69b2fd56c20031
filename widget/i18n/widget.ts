import type { Texts } from './locale.js'

/**
 * The words of the widget's entry (meeting button, space meetings, room dialogs, invitations, scheduling).
 * Sections loaded on demand keep theirs in their own file (`admin.ts`, `recordings.ts`), and the room-link
 * page in `link.ts`, so each bundle carries only what it shows; error codes are in `errors.ts`.
 */
export const WIDGET_TEXTS = {
  'button.start': { en: 'Start a meeting', fr: 'Démarrer une réunion' },
  'button.join': { en: 'Join', fr: 'Rejoindre' },
  'button.joinCount': { en: 'Join ({count} in)', fr: 'Rejoindre ({count} présents)' },
  'button.waiting': { en: 'Waiting for a moderator…', fr: 'En attente d’un modérateur…' },
  'button.full': { en: 'Room full — try again later', fr: 'Salle pleine — réessayez plus tard' },
  'button.opening': { en: 'Opening…', fr: 'Ouverture…' },
  'button.cancel': { en: 'Cancel', fr: 'Annuler' },
  'button.openLink': { en: 'Open the meeting', fr: 'Ouvrir la réunion' },
  'status.loading': { en: 'Loading…', fr: 'Chargement…' },
  'status.running': { en: 'Meeting in progress: {count} in', fr: 'Réunion en cours : {count} présents' },
  'status.runningOne': { en: 'Meeting in progress: 1 in', fr: 'Réunion en cours : 1 présent' },
  'status.notRunning': { en: 'No meeting in progress', fr: 'Aucune réunion en cours' },
  'status.started': { en: 'The meeting in {room} has started.', fr: 'La réunion dans {room} a commencé.' },
  'status.ended': { en: 'The meeting in {room} has ended.', fr: 'La réunion dans {room} est terminée.' },
  'status.waiting': { en: 'Waiting for a moderator to start the meeting in {room}. You will join automatically.', fr: 'En attente qu’un modérateur démarre la réunion dans {room}. Vous la rejoindrez automatiquement.' },
  'status.joined': { en: 'The meeting opened in a new tab.', fr: 'La réunion s’est ouverte dans un nouvel onglet.' },
  'status.popupBlocked': { en: 'Your browser blocked the new tab. Use the link to open the meeting.', fr: 'Votre navigateur a bloqué le nouvel onglet. Utilisez le lien pour ouvrir la réunion.' },
  'status.copied': { en: 'Link copied.', fr: 'Lien copié.' },
  'status.saved': { en: 'Saved.', fr: 'Enregistré.' },
  'status.deleted': { en: 'Room deleted.', fr: 'Salle supprimée.' },
  'status.created': { en: 'Room {room} created.', fr: 'Salle {room} créée.' },
  'status.outage': { en: 'Video service unavailable, retrying…', fr: 'Service de visioconférence indisponible, nouvel essai…' },
  'meetings.title': { en: 'Meetings', fr: 'Réunions' },
  'meetings.attendees': { en: 'Who is in', fr: 'Présents' },
  'meetings.newRoom': { en: 'New room', fr: 'Nouvelle salle' },
  'meetings.end': { en: 'End meeting', fr: 'Terminer la réunion' },
  'meetings.endConfirm': { en: 'End the meeting in {room} for everyone?', fr: 'Terminer la réunion dans {room} pour tout le monde ?' },
  'meetings.settings': { en: 'Settings', fr: 'Paramètres' },
  'meetings.none': { en: 'No rooms yet.', fr: 'Aucune salle pour l’instant.' },
  'meetings.moderator': { en: 'moderator', fr: 'modérateur' },
  'room.dialogNew': { en: 'New room', fr: 'Nouvelle salle' },
  'room.dialogEdit': { en: 'Room settings', fr: 'Paramètres de la salle' },
  'room.name': { en: 'Name', fr: 'Nom' },
  'room.maxParticipants': { en: 'Maximum participants (empty: no limit)', fr: 'Nombre maximal de participants (vide : sans limite)' },
  'room.durationMinutes': { en: 'Maximum duration in minutes (empty: no limit)', fr: 'Durée maximale en minutes (vide : sans limite)' },
  'room.anyoneCanStart': { en: 'Any member can start the meeting', fr: 'Tout membre peut démarrer la réunion' },
  'room.allJoinAsModerator': { en: 'Everyone joins as moderator', fr: 'Tout le monde entre comme modérateur' },
  'room.waitingRoom': { en: 'Waiting room for guests', fr: 'Salle d’attente pour les invités' },
  'room.delete': { en: 'Delete room', fr: 'Supprimer la salle' },
  'room.deleteConfirm': { en: 'Delete {room}? This cannot be undone.', fr: 'Supprimer {room} ? Cette action est définitive.' },
  'common.save': { en: 'Save', fr: 'Enregistrer' },
  'common.create': { en: 'Create', fr: 'Créer' },
  'common.close': { en: 'Close', fr: 'Fermer' },
  'common.unlimited': { en: 'no limit', fr: 'sans limite' },
  'invite.copy': { en: 'Copy link', fr: 'Copier le lien' },
  'invite.schedule': { en: 'Schedule…', fr: 'Planifier…' },
  'invite.scheduled': { en: '“{title}” scheduled.', fr: '« {title} » planifiée.' },
} as const satisfies Texts

/** A key of {@link WIDGET_TEXTS}. */
export type WidgetTextKey = keyof typeof WIDGET_TEXTS
