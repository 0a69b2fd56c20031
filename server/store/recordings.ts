import type { StoreContext } from './context.js'
import type { Store } from './types.js'

export function recordingQueries(ctx: StoreContext): Pick<Store, 'recordRecordingReady' | 'listRecordingRecords'> {
  const { db } = ctx
  return {
    async recordRecordingReady(recording) {
      // Callbacks may be retried: the first one seen wins.
      await db
        .insertInto('recordings')
        .values({
          record_id: recording.recordId,
          meeting_id: recording.meetingId,
          room_id: recording.roomId,
          ready_at: recording.readyAt,
        })
        .onConflict((oc) => oc.column('record_id').doNothing())
        .execute()
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
