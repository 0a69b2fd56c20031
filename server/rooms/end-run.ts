import type { MeetingRun, Store } from '../store/types.js'

/**
 * Records that a meeting run ended without anyone of ours ending it (BBB's end callback, a webhook, or BBB no
 * longer reporting it): closes the run, which frees its seats and meeting slot, and audits it as `meeting.ended` by
 * `system`. False when the run was already closed (nothing audited twice).
 */
export async function recordRunEndedBySystem(
  store: Store,
  run: Pick<MeetingRun, 'meetingId' | 'spaceId' | 'roomId'>,
  createTime: number | null,
  now: number,
  details: Record<string, unknown>,
): Promise<boolean> {
  const ended = await store.recordMeetingEnded(run.meetingId, createTime, now)
  if (ended) {
    await store.appendAudit({
      actor: 'system',
      actorName: null,
      spaceId: run.spaceId,
      roomId: run.roomId,
      action: 'meeting.ended',
      details,
      at: now,
    })
  }
  return ended
}
