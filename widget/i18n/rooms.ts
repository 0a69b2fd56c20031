import type { Texts } from './locale.js'

/**
 * The words of a room's own controls: the room dialog's guests, access codes, preset and co-moderators, the
 * invitation text ("Copy invitation"), and the join control's ended and refused states.
 */
export const ROOM_TEXTS = {
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
  'invite.copyInvitation': { en: 'Copy invitation', fr: 'Copier l’invitation' },
  'invite.copied': { en: 'Invitation copied: paste it in a mail.', fr: 'Invitation copiée : collez-la dans un courriel.' },
  'inv.join': { en: 'Join the meeting “{room}”:', fr: 'Rejoindre la réunion « {room} » :' },
  'inv.code': { en: 'Access code: {code}', fr: 'Code d’accès : {code}' },
  'inv.codeAsk': { en: 'An access code is needed: ask the organiser for it.', fr: 'Un code d’accès est demandé : demandez-le à l’organisateur.' },
  'inv.phone': { en: 'By phone: {number}', fr: 'Par téléphone : {number}' },
  'join.ended': { en: 'The meeting has ended.', fr: 'La réunion est terminée.' },
  'join.fullLicence': { en: 'Video service full — try again later', fr: 'Service de visioconférence complet — réessayez plus tard' },
  'join.fullInternal': { en: 'No internal seats left — try again later', fr: 'Plus de places internes — réessayez plus tard' },
  'join.fullExternal': { en: 'No external seats left — try again later', fr: 'Plus de places externes — réessayez plus tard' },
} as const satisfies Texts

/** A key of {@link ROOM_TEXTS}. */
export type RoomTextKey = keyof typeof ROOM_TEXTS
