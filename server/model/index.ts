/**
 * The domain's data types, shared by the store (which keeps them) and the domain modules (which decide with them).
 * Type-only and at the bottom of the layers: nothing here imports anything but other model files.
 */
export type * from './attendance.js'
export type * from './audit.js'
export type * from './document.js'
export type * from './host-event.js'
export type * from './identity.js'
export type * from './limits.js'
export type * from './mail.js'
export type * from './recording.js'
export type * from './room.js'
export type * from './run.js'
export type * from './schedule.js'
export type * from './seats.js'
export type * from './usage.js'
