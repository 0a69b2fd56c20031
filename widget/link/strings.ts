/** The room-link page's words, in French and English. */
export type LinkLocale = 'fr' | 'en'

export interface LinkStrings {
  notFound: string
  running: string
  notRunning: string
  opensAt: (when: string) => string
  waitingForModerator: string
  waitingRoomNote: string
  yourName: string
  nameHint: string
  accessCode: string
  accessCodeOptional: string
  join: string
  joining: string
  joinAs: (name: string) => string
  signIn: string
  signOut: string
  signedInAs: (name: string) => string
  notMember: string
  guestsClosed: string
  autoJoin: string
  errors: Partial<Record<string, string>>
  fallbackError: string
}

export const STRINGS: Record<LinkLocale, LinkStrings> = {
  en: {
    notFound: 'This room does not exist (any more).',
    running: 'The meeting is running.',
    notRunning: 'The meeting has not started yet.',
    opensAt: (when) => `This meeting opens on ${when}.`,
    waitingForModerator: 'Waiting for a moderator to start the meeting. You will join automatically.',
    waitingRoomNote: 'A moderator lets guests in.',
    yourName: 'Your name',
    nameHint: '2 to 64 characters, shown to the others.',
    accessCode: 'Access code',
    accessCodeOptional: 'Access code (if you were given one)',
    join: 'Join the meeting',
    joining: 'Joining…',
    joinAs: (name) => `Join as ${name}`,
    signIn: 'Sign in',
    signOut: 'Sign out',
    signedInAs: (name) => `Signed in as ${name}.`,
    notMember: 'You are not a member of this space: you join as a guest.',
    guestsClosed: 'This room does not let guests in. Sign in or use a moderator access code.',
    autoJoin: 'The meeting has started: joining…',
    errors: {
      invalid_access_code: 'This access code is not the right one.',
      access_code_required: 'This room asks for an access code.',
      guests_not_allowed: 'This room does not let guests in.',
      rate_limited: 'Too many wrong attempts. Wait a few minutes and try again.',
      invalid_request: 'Your name must be 2 to 64 characters.',
      room_not_found: 'This room does not exist (any more).',
    },
    fallbackError: 'Joining did not work. Try again in a moment.',
  },
  fr: {
    notFound: "Cette salle n'existe pas (ou plus).",
    running: 'La réunion est en cours.',
    notRunning: "La réunion n'a pas encore commencé.",
    opensAt: (when) => `Cette réunion ouvre le ${when}.`,
    waitingForModerator: "En attente d'un modérateur pour démarrer la réunion. Vous la rejoindrez automatiquement.",
    waitingRoomNote: 'Un modérateur fait entrer les invités.',
    yourName: 'Votre nom',
    nameHint: '2 à 64 caractères, visibles des autres.',
    accessCode: "Code d'accès",
    accessCodeOptional: "Code d'accès (si vous en avez reçu un)",
    join: 'Rejoindre la réunion',
    joining: 'Connexion…',
    joinAs: (name) => `Rejoindre en tant que ${name}`,
    signIn: 'Se connecter',
    signOut: 'Se déconnecter',
    signedInAs: (name) => `Connecté en tant que ${name}.`,
    notMember: "Vous n'êtes pas membre de cet espace : vous entrez comme invité.",
    guestsClosed: "Cette salle n'accepte pas d'invités. Connectez-vous ou utilisez un code d'accès modérateur.",
    autoJoin: 'La réunion a commencé : connexion…',
    errors: {
      invalid_access_code: "Ce code d'accès n'est pas le bon.",
      access_code_required: "Cette salle demande un code d'accès.",
      guests_not_allowed: "Cette salle n'accepte pas d'invités.",
      rate_limited: 'Trop de tentatives erronées. Attendez quelques minutes puis réessayez.',
      invalid_request: 'Votre nom doit faire de 2 à 64 caractères.',
      room_not_found: "Cette salle n'existe pas (ou plus).",
    },
    fallbackError: "La connexion n'a pas abouti. Réessayez dans un instant.",
  },
}
