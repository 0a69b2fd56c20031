import type { Texts } from './locale.js'

/** The room-link page's words (`/r/:roomId`, its own bundle); its errors come from `errors.ts` too. */
export const LINK_TEXTS = {
  'link.running': { en: 'The meeting is running.', fr: 'La réunion est en cours.' },
  'link.notRunning': { en: 'The meeting has not started yet.', fr: 'La réunion n’a pas encore commencé.' },
  'link.opensAt': { en: 'This meeting opens on {when}.', fr: 'Cette réunion ouvre le {when}.' },
  'link.waitingForModerator': {
    en: 'Waiting for a moderator to start the meeting. You will join automatically.',
    fr: 'En attente d’un modérateur pour démarrer la réunion. Vous la rejoindrez automatiquement.',
  },
  'link.waitingRoomNote': { en: 'A moderator lets guests in.', fr: 'Un modérateur fait entrer les invités.' },
  'link.yourName': { en: 'Your name', fr: 'Votre nom' },
  'link.nameHint': { en: '2 to 64 characters, shown to the others.', fr: '2 à 64 caractères, visibles des autres.' },
  'link.badName': { en: 'Your name must be 2 to 64 characters.', fr: 'Votre nom doit faire de 2 à 64 caractères.' },
  'link.accessCode': { en: 'Access code', fr: 'Code d’accès' },
  'link.accessCodeOptional': { en: 'Access code (if you were given one)', fr: 'Code d’accès (si vous en avez reçu un)' },
  'link.join': { en: 'Join the meeting', fr: 'Rejoindre la réunion' },
  'link.joining': { en: 'Joining…', fr: 'Connexion…' },
  'link.joinAs': { en: 'Join as {name}', fr: 'Rejoindre en tant que {name}' },
  'link.signIn': { en: 'Sign in', fr: 'Se connecter' },
  'link.signOut': { en: 'Sign out', fr: 'Se déconnecter' },
  'link.signedInAs': { en: 'Signed in as {name}.', fr: 'Connecté en tant que {name}.' },
  'link.notMember': {
    en: 'You are not a member of this space: you join as a guest.',
    fr: 'Vous n’êtes pas membre de cet espace : vous entrez comme invité.',
  },
  'link.guestsClosed': {
    en: 'This room does not let guests in. Sign in or use a moderator access code.',
    fr: 'Cette salle n’accepte pas d’invités. Connectez-vous ou utilisez un code d’accès modérateur.',
  },
  'link.autoJoin': { en: 'The meeting has started: joining…', fr: 'La réunion a commencé : connexion…' },
} as const satisfies Texts
