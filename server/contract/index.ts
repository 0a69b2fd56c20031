/**
 * The contract between the service and its clients (the widget, the room-link page, platforms): every HTTP and
 * SSE payload the routes answer and accept, and the error codes. Types only, no runtime code: the widget imports
 * from here and nothing else of the server.
 */
export type * from './errors.js'
export type * from './rooms.js'
export type * from './limits.js'
export type * from './recordings.js'
export type * from './invites.js'
export type * from './link.js'
export type * from './events.js'
export type * from './service.js'
export type * from './callbacks.js'
export type * from './documents.js'
export type * from './usage.js'
export type * from './attendance.js'
export type * from './settings.js'
export type * from './retention.js'
