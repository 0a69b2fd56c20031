import type { Texts } from './locale.js'

/** What the space view itself says of scheduled meetings (the next one) and of an outage, in the main script. */
export const SPACE_SCHEDULE_TEXTS = {
  'sched.list.next': { en: 'Next meeting:', fr: 'Prochaine réunion\u00a0:' },
  'sched.list.inRoom': { en: 'in {room}', fr: 'dans {room}' },
  'sched.outage.network': {
    en: 'The meeting service cannot be reached right now. Retrying…',
    fr: 'Le service de réunions est injoignable pour le moment. Nouvel essai…',
  },
} as const satisfies Texts
