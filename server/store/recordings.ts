import type { StoreContext } from './context.js'
import type { RecordingRepo } from './types.js'

export function recordingQueries(ctx: StoreContext): RecordingRepo {
  const { db } = ctx
  return {
    recordRecordingReady(recording) {
      return ctx.transaction(async (tx) => {
        // Callbacks may be retried: the first one seen wins.
        const inserted = await tx
          .insertInto('recordings')
          .values({
            record_id: recording.recordId,
            meeting_id: recording.meetingId,
            room_id: recording.roomId,
            ready_at: recording.readyAt,
          })
          .onConflict((oc) => oc.column('record_id').doNothing())
          .executeTakeFirst()
        if (!inserted.numInsertedOrUpdatedRows || recording.roomId === null) return
        const room = await tx.selectFrom('rooms').select('space_id').where('id', '=', recording.roomId).executeTakeFirst()
        if (!room) return
        await ctx.events.emit(tx, {
          type: 'recording.ready',
          meetingId: recording.meetingId,
          roomId: recording.roomId,
          spaceId: room.space_id,
          recordId: recording.recordId,
        })
      })
    },

    async listRecordingRecords(meetingId) {
      const rows = await db
        .selectFrom('recordings')
        .selectAll()
        .where('meeting_id', '=', meetingId)
        .orderBy('ready_at', 'desc')
        .orderBy('record_id', 'asc')
        .execute()
      return rows.map((row) => ({
        recordId: row.record_id,
        meetingId: row.meeting_id,
        roomId: row.room_id,
        readyAt: Number(row.ready_at),
      }))
    },
  }
}
