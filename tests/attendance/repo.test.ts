import { afterEach, describe, expect, it } from 'vitest'
import type { JoinFact } from '../../server/model/index.js'
import { createAttendanceRepo } from '../../server/store/attendance.js'
import type { Store } from '../../server/store/types.js'
import { openTestStore } from '../helpers/databases.js'
import { newRoom } from '../store/contract.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function open(kind: 'sqlite' | 'postgres'): Promise<Store> {
  const opened = await openTestStore(kind)
  cleanups.push(opened.cleanup)
  return opened.store
}

const T0 = Date.UTC(2026, 10, 29, 9, 0, 0)
const MIN = 60_000

async function startRun(store: Store, roomId: string, at: number): Promise<string> {
  const room = (await store.getRoom(roomId)) ?? (await store.createRoom(newRoom(roomId), at))
  await store.openMeetingRun({ meetingId: room.meetingId, roomId, spaceId: room.spaceId, startedBy: 'mia', now: at, maxConcurrentMeetings: null, maxMeetings: null })
  const run = await store.confirmMeetingRun(room.meetingId, { createTime: at, internalMeetingId: `int-${roomId}-${at}`, moderatorPw: null })
  return run!.meetingId
}

function join(meetingId: string, userKey: string, at: number, extra: Partial<JoinFact> = {}): JoinFact {
  return { meetingId, userKey, userId: userKey.slice(2), name: `Name ${userKey}`, kind: 'internal', role: 'viewer', at, ...extra }
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`attendance store (${kind})`, () => {
    it('keeps each stay once, closes them at the end of the run, and lists the run with its people', async () => {
      const store = await open(kind)
      const repo = createAttendanceRepo(store.context)
      const meetingId = await startRun(store, 'room-a', T0)

      expect(await repo.recordJoin(join(meetingId, 'u:zoe', T0 + 1 * MIN, { name: 'Zoé Lefèvre' }))).toBe(true)
      // a second instance seeing the same join later writes nothing
      expect(await repo.recordJoin(join(meetingId, 'u:zoe', T0 + 2 * MIN, { name: 'Zoé Lefèvre' }))).toBe(false)
      expect(await repo.recordJoin(join(meetingId, 'u:max', T0 + 3 * MIN, { role: 'moderator' }))).toBe(true)
      expect(await repo.recordLeave(meetingId, 'u:zoe', T0 + 10 * MIN)).toBe(true)
      expect(await repo.recordLeave(meetingId, 'u:zoe', T0 + 11 * MIN)).toBe(false)
      expect(await repo.recordJoin(join(meetingId, 'u:zoe', T0 + 20 * MIN, { name: 'Zoé Lefèvre' }))).toBe(true)

      const [run] = (await repo.listRuns('room-a')).runs
      expect(run).toMatchObject({ roomId: 'room-a', startedAt: T0, endedAt: null, participants: 2 })
      await store.endRun({ meetingId, createTime: null, now: T0 + 30 * MIN }, { actor: 'system', actorName: null, spaceId: 'space-1', roomId: 'room-a', action: 'meeting.ended', details: {} })
      // the store's end does not close sessions by itself: the recorder does, from the domain event
      expect(await repo.closeOpenSessions(meetingId, T0 + 30 * MIN)).toBe(2)

      const sessions = await repo.listSessions(run!.id)
      expect(sessions.map((s) => [s.userKey, s.joinedAt - T0, s.leftAt! - T0])).toEqual([
        ['u:zoe', 1 * MIN, 10 * MIN],
        ['u:max', 3 * MIN, 30 * MIN],
        ['u:zoe', 20 * MIN, 30 * MIN],
      ])
      expect(sessions[0]).toMatchObject({ name: 'Zoé Lefèvre', kind: 'internal', role: 'viewer', userId: 'zoe' })
      expect(await repo.getRun(run!.id)).toMatchObject({ endedAt: T0 + 30 * MIN, participants: 2 })
      // after the end, a late join or leave from a poll changes nothing
      expect(await repo.recordJoin(join(meetingId, 'u:late', T0 + 31 * MIN))).toBe(false)
      expect(await repo.recordLeave(meetingId, 'u:max', T0 + 31 * MIN)).toBe(false)
    })

    it('lists only the runs BBB confirmed, newest first, per room, paged', async () => {
      const store = await open(kind)
      const repo = createAttendanceRepo(store.context)
      for (const [i, at] of [T0, T0 + 60 * MIN, T0 + 120 * MIN].entries()) {
        const meetingId = await startRun(store, 'room-b', at)
        await store.endRun({ meetingId, createTime: null, now: at + 10 * MIN }, { actor: 'system', actorName: null, spaceId: 'space-1', roomId: 'room-b', action: 'meeting.ended', details: { i } })
      }
      await startRun(store, 'room-c', T0)
      const room = (await store.getRoom('room-b'))!
      // a create that BBB never confirmed is not a meeting
      await store.openMeetingRun({ meetingId: room.meetingId, roomId: 'room-b', spaceId: 'space-1', startedBy: 'x', now: T0 + 200 * MIN, maxConcurrentMeetings: null, maxMeetings: null })
      const page = await repo.listRuns('room-b', { limit: 2 })
      expect(page.total).toBe(3)
      expect(page.runs.map((r) => r.startedAt)).toEqual([T0 + 120 * MIN, T0 + 60 * MIN])
      expect((await repo.listRuns('room-b', { limit: 2, offset: 2 })).runs.map((r) => r.startedAt)).toEqual([T0])
      expect(await repo.getRun('nope')).toBeUndefined()
    })

    it("stores BBB's learning-dashboard figures per person, replaced when sent again, found by internal meeting id", async () => {
      const store = await open(kind)
      const repo = createAttendanceRepo(store.context)
      const meetingId = await startRun(store, 'room-d', T0)
      const run = await repo.findRunForAnalytics(meetingId, `int-room-d-${T0}`)
      expect(run).toBeDefined()
      expect((await repo.findRunForAnalytics(meetingId, 'unknown'))?.id).toBe(run!.id)
      const figures = { userId: 'zoe', name: 'Zoé', talkSeconds: 95, messages: 4, webcamSeconds: null }
      await repo.saveStats(run!.id, [{ userKey: 'zoe', ...figures }, { userKey: 'zoe', ...figures, messages: 99 }], T0 + MIN)
      expect(await repo.listStats(run!.id)).toEqual([{ runId: run!.id, userKey: 'zoe', receivedAt: T0 + MIN, ...figures }])
      await repo.saveStats(run!.id, [{ userKey: 'max', userId: null, name: 'Max', talkSeconds: 0, messages: 0, webcamSeconds: 30 }], T0 + 2 * MIN)
      expect((await repo.listStats(run!.id)).map((s) => s.name)).toEqual(['Max'])
    })
  })
}
