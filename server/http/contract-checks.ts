import type { z } from 'zod'
import type {
  CreateRoomBody,
  LinkJoinBody,
  ScheduleMeetingBody,
  UpdateMeetingBody,
  UpdateRoomBody,
} from '../contract/index.js'
import type { createBody as scheduleBody, patchBody as rescheduleBody } from './routes/invites.js'
import type { joinBody } from './routes/room-link.js'
import type { createBody as createRoomBody, patchBody as updateRoomBody } from './routes/rooms.js'

/**
 * The contract's request bodies are what the routes' schemas accept: each line fails to compile when a schema and
 * its contract type disagree on a field they both have. Types only; nothing here runs.
 */
type Same<A extends B, B extends C, C = A> = [A, B]

export type RequestBodiesMatch = [
  Same<z.input<typeof createRoomBody>, CreateRoomBody>,
  Same<z.input<typeof updateRoomBody>, UpdateRoomBody>,
  Same<z.input<typeof joinBody>, LinkJoinBody>,
  Same<z.input<typeof scheduleBody>, ScheduleMeetingBody>,
  Same<z.input<typeof rescheduleBody>, UpdateMeetingBody>,
]
