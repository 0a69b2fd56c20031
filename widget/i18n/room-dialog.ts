import type { Texts } from './locale.js'

/**
 * The room dialog's own words: guests, access codes, preset and co-moderators (the setting names are in
 * `settings.ts`). They travel with the dialog (a lazy chunk, bbb-spaces-room.js), not with every page.
 */
export const ROOM_DIALOG_TEXTS = {
  'room.preset': { en: 'Start from', fr: 'Partir de' },
  'room.presetNone': { en: 'The space’s defaults', fr: 'Réglages par défaut de l’espace' },
  'room.presetHint': { en: 'Its settings fill the groups below; you can still change them.', fr: 'Ses réglages remplissent les groupes ci-dessous ; vous pouvez encore les modifier.' },
  'room.guestsAllowed': { en: 'Allow guests (people without an account, with the room link)', fr: 'Autoriser les invités (personnes sans compte, avec le lien de la salle)' },
  'room.coModerators': { en: 'Co-moderators', fr: 'Co-modérateurs' },
  'room.coModeratorsHint': { en: 'The members ticked here join as moderators.', fr: 'Les membres cochés ici entrent comme modérateurs.' },
  'room.coModeratorsOther': {
    en: 'Others: platform user ids, separated by commas',
    fr: 'Autres : identifiants sur la plateforme, séparés par des virgules',
  },
  'room.fixed': { en: 'Set by your administrator.', fr: 'Fixé par votre administrateur.' },
  'room.created': { en: 'Room {room} created. Share its access codes below.', fr: 'Salle {room} créée. Communiquez ses codes d’accès ci-dessous.' },
  'code.viewer': { en: 'Viewer access code', fr: 'Code d’accès participant' },
  'code.moderator': { en: 'Moderator access code', fr: 'Code d’accès modérateur' },
  'code.viewerHint': { en: 'Guests type it on the room link’s page.', fr: 'Les invités le saisissent sur la page du lien de la salle.' },
  'code.moderatorHint': { en: 'Whoever types it joins as moderator.', fr: 'Qui le saisit entre comme modérateur.' },
  'code.viewerAtCreate': { en: 'Protect with a viewer access code, generated with the room', fr: 'Protéger par un code d’accès participant, généré avec la salle' },
  'code.moderatorAtCreate': { en: 'Add a moderator access code, generated with the room', fr: 'Ajouter un code d’accès modérateur, généré avec la salle' },
  'code.none': { en: 'No code.', fr: 'Aucun code.' },
  'code.masked': { en: 'hidden', fr: 'masqué' },
  'code.generate': { en: 'Generate', fr: 'Générer' },
  'code.show': { en: 'Show', fr: 'Afficher' },
  'code.copy': { en: 'Copy', fr: 'Copier' },
  'code.rotate': { en: 'New code', fr: 'Nouveau code' },
  'code.remove': { en: 'Remove', fr: 'Supprimer' },
  'code.copied': { en: 'Code copied.', fr: 'Code copié.' },
  'code.generated': { en: 'New code saved: the previous one no longer works.', fr: 'Nouveau code enregistré : l’ancien ne fonctionne plus.' },
  'code.removed': { en: 'Code removed.', fr: 'Code supprimé.' },
  'code.required': { en: 'Required by your administrator.', fr: 'Exigé par votre administrateur.' },
} as const satisfies Texts

/** A key of {@link ROOM_DIALOG_TEXTS}. */
export type RoomDialogTextKey = keyof typeof ROOM_DIALOG_TEXTS
