import type { Texts } from './locale.js'
import { WIDGET_TEXTS } from './widget.js'

/**
 * The room-link page's words (`/r/:roomId`, its own bundle). What the widget also says (a running meeting and
 * its count, waiting for a moderator) is the widget's text itself, so both always read the same; refusals come
 * from `errors.ts`, as the API's do. One message per state of the meeting (`link.state.*`).
 */
export const LINK_TEXTS = {
  'link.state.running': WIDGET_TEXTS['status.running'],
  'link.state.runningOne': WIDGET_TEXTS['status.runningOne'],
  'link.state.notStarted': { en: 'The meeting has not started yet.', fr: 'La réunion n’a pas encore commencé.' },
  'link.state.opensAt': { en: 'The meeting opens at {time}.', fr: 'La réunion ouvre à {time}.' },
  'link.state.opensOn': { en: 'The meeting opens on {date} at {time}.', fr: 'La réunion ouvre le {date} à {time}.' },
  'link.state.ended': { en: 'The meeting has ended.', fr: 'La réunion est terminée.' },
  'link.state.waiting': {
    en: 'Waiting for a moderator to start the meeting. You will join automatically.',
    fr: 'En attente qu’un modérateur démarre la réunion. Vous la rejoindrez automatiquement.',
  },
  'link.state.waitingOpens': {
    en: 'The meeting opens at {time}. You will join automatically.',
    fr: 'La réunion ouvre à {time}. Vous la rejoindrez automatiquement.',
  },
  'link.state.admitted': { en: 'You are in: the meeting is opening…', fr: 'C’est à vous : la réunion s’ouvre…' },
  'link.state.starting': { en: 'The meeting has started: opening…', fr: 'La réunion a commencé : ouverture…' },
  'link.notFoundTitle': { en: 'Room not found', fr: 'Salle introuvable' },
  'link.notFoundHint': {
    en: 'Check the link you were given, or ask its organiser for a new one.',
    fr: 'Vérifiez le lien reçu, ou demandez-en un nouveau à son organisateur.',
  },
  'link.waitingRoomNote': {
    en: 'Once you join, a moderator lets you in.',
    fr: 'Une fois que vous rejoignez, un modérateur vous fait entrer.',
  },
  'link.yourName': { en: 'Your name', fr: 'Votre nom' },
  'link.nameHint': { en: '2 to 64 characters, shown to the others.', fr: '2 à 64 caractères, visibles des autres.' },
  'link.badName': { en: 'Your name must be 2 to 64 characters.', fr: 'Votre nom doit faire de 2 à 64 caractères.' },
  'link.accessCode': { en: 'Access code', fr: 'Code d’accès' },
  'link.accessCodeHint': { en: 'Given with the invitation.', fr: 'Donné avec l’invitation.' },
  'link.accessCodeOptional': { en: 'Access code (if you were given one)', fr: 'Code d’accès (si vous en avez reçu un)' },
  'link.moderatorCode': { en: 'Moderator access code', fr: 'Code d’accès modérateur' },
  'link.join': { en: 'Join the meeting', fr: 'Rejoindre la réunion' },
  'link.joining': { en: 'Joining…', fr: 'Connexion…' },
  'link.joinAs': { en: 'Join as {name}', fr: 'Rejoindre en tant que {name}' },
  'link.cancelWait': { en: 'Stop waiting', fr: 'Ne plus attendre' },
  'link.signIn': { en: 'Sign in', fr: 'Se connecter' },
  'link.signInToJoin': { en: 'Members of the space can sign in to join.', fr: 'Les membres de l’espace peuvent se connecter pour rejoindre.' },
  'link.signOut': { en: 'Sign out', fr: 'Se déconnecter' },
  'link.signedInAs': { en: 'Signed in as {name}.', fr: 'Connecté en tant que {name}.' },
  'link.notMember': {
    en: 'You are not a member of this space: you join as a guest.',
    fr: 'Vous n’êtes pas membre de cet espace : vous entrez comme invité.',
  },
  'link.invitedAs': {
    en: 'Welcome, {name}: this is your personal invitation, no access code needed.',
    fr: 'Bienvenue, {name} : ceci est votre invitation personnelle, sans code d’accès.',
  },
  'link.invited': {
    en: 'This is your personal invitation: no access code needed.',
    fr: 'Ceci est votre invitation personnelle : sans code d’accès.',
  },
  'link.invitationInvalid': {
    en: 'This invitation can no longer be used.',
    fr: 'Cette invitation n’est plus valable.',
  },
  'link.language': { en: 'Language', fr: 'Langue' },
  'link.memberWaitingHint': {
    en: 'Keep this tab open: the meeting opens here as soon as it starts.',
    fr: 'Gardez cet onglet ouvert : la réunion s’y ouvre dès qu’elle démarre.',
  },
} as const satisfies Texts
