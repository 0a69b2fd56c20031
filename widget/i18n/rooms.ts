import type { Texts } from './locale.js'

/**
 * The words of a room's own controls in the space view: the invitation text ("Copy invitation") and the join
 * control's ended and refused states. The room dialog's are in `room-dialog.ts`, loaded with the dialog.
 */
export const ROOM_TEXTS = {
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
