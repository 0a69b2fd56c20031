import { Router } from 'express'
import { z } from 'zod'
import { freeText } from '../free-text.js'
import { authorize, roomTarget } from '../../auth/permissions.js'
import type { RecordingsService } from '../../recordings/recordings.js'
import { loadRoomFor, type RoomContext } from '../../rooms/rooms.js'
import type { Principal } from '../../auth/principal.js'
import type { Store } from '../../store/types.js'
import { principalOf } from '../auth.js'
import { parseInput } from '../validate.js'
import type { RecordingAnswer, RecordingsAnswer } from '../../contract/index.js'

const roomParams = z.object({ roomId: z.string().min(1).max(64) })
const recordingParams = z.object({ roomId: z.string().min(1).max(64), recordId: z.string().min(1).max(200) })
export const publishBody = z.object({ publish: z.boolean() }).strict()
export const renameBody = z.object({ name: freeText(200, { min: 1 }) }).strict()
export const keepBody = z.object({ keep: z.boolean() }).strict()

function requireModerator(principal: Principal, ctx: RoomContext): void {
  authorize(principal, 'room.moderate', roomTarget(ctx.room, ctx.rules))
}

/**
 * A room's recordings (from BBB's getRecordings for the room's meetingID, cached briefly):
 * `GET /rooms/:roomId/recordings` (members: published ones; moderators also see unpublished ones),
 * `POST /rooms/:roomId/recordings/:recordId/publish` `{ publish }`, `PATCH /rooms/:roomId/recordings/:recordId`
 * `{ name }`, `POST /rooms/:roomId/recordings/:recordId/keep` `{ keep }` (the retention purge spares it),
 * `DELETE /rooms/:roomId/recordings/:recordId` (moderators; `403 not_a_moderator`). Every change is
 * audited. `404 recording_not_found` for a recordID that is not the room's.
 */
export function recordingsRouter(deps: { store: Store; recordings: RecordingsService }): Router {
  const router = Router({ caseSensitive: true })
  const { store, recordings } = deps

  async function audit(ctx: RoomContext, sub: string, name: string, action: string, details: Record<string, unknown>) {
    await store.appendAudit({ actor: sub, actorName: name, spaceId: ctx.room.spaceId, roomId: ctx.room.id, action, details })
  }

  // GET /api/v1/rooms/:roomId/recordings
  router.get('/rooms/:roomId/recordings', async (req, res) => {
    const { roomId } = parseInput(roomParams, req.params, 'params')
    const ctx = await loadRoomFor(store, principalOf(res), roomId)
    const list = await recordings.list(ctx.room, { includeUnpublished: ctx.access.bbbRole === 'MODERATOR' })
    res.json({ recordings: list } satisfies RecordingsAnswer)
  })

  // POST /api/v1/rooms/:roomId/recordings/:recordId/publish
  router.post('/rooms/:roomId/recordings/:recordId/publish', async (req, res) => {
    const { roomId, recordId } = parseInput(recordingParams, req.params, 'params')
    const { publish } = parseInput(publishBody, req.body ?? {})
    const principal = principalOf(res)
    const ctx = await loadRoomFor(store, principal, roomId)
    requireModerator(principal, ctx)
    const recording = await recordings.publish(ctx.room, recordId, publish)
    await audit(ctx, principal.sub, principal.name, publish ? 'recording.published' : 'recording.unpublished', { recordId })
    res.json({ recording } satisfies RecordingAnswer)
  })

  // PATCH /api/v1/rooms/:roomId/recordings/:recordId
  router.patch('/rooms/:roomId/recordings/:recordId', async (req, res) => {
    const { roomId, recordId } = parseInput(recordingParams, req.params, 'params')
    const { name } = parseInput(renameBody, req.body ?? {})
    const principal = principalOf(res)
    const ctx = await loadRoomFor(store, principal, roomId)
    requireModerator(principal, ctx)
    const recording = await recordings.rename(ctx.room, recordId, name)
    await audit(ctx, principal.sub, principal.name, 'recording.renamed', { recordId, name })
    res.json({ recording } satisfies RecordingAnswer)
  })

  // POST /api/v1/rooms/:roomId/recordings/:recordId/keep
  router.post('/rooms/:roomId/recordings/:recordId/keep', async (req, res) => {
    const { roomId, recordId } = parseInput(recordingParams, req.params, 'params')
    const { keep } = parseInput(keepBody, req.body ?? {})
    const principal = principalOf(res)
    const ctx = await loadRoomFor(store, principal, roomId)
    requireModerator(principal, ctx)
    const recording = await recordings.keep(ctx.room, recordId, keep, principal.sub)
    await audit(ctx, principal.sub, principal.name, keep ? 'recording.kept' : 'recording.unkept', { recordId })
    res.json({ recording } satisfies RecordingAnswer)
  })

  // DELETE /api/v1/rooms/:roomId/recordings/:recordId
  router.delete('/rooms/:roomId/recordings/:recordId', async (req, res) => {
    const { roomId, recordId } = parseInput(recordingParams, req.params, 'params')
    const principal = principalOf(res)
    const ctx = await loadRoomFor(store, principal, roomId)
    requireModerator(principal, ctx)
    await recordings.remove(ctx.room, recordId)
    await audit(ctx, principal.sub, principal.name, 'recording.deleted', { recordId })
    res.status(204).end()
  })

  return router
}
