import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../server/clock.js'
import type { NewRoom, RoomSettings, SeatRequest } from '../../server/model/index.js'
import type { OpenStoreOptions } from '../../server/store/index.js'
import type { Store } from '../../server/store/types.js'

export const SETTINGS: RoomSettings = {
  anyoneCanStart: false,
  allJoinAsModerator: false,
  muteOnStart: true,
  guestsAllowed: false,
  waitingRoom: false,
  accessCode: null,
  moderatorAccessCode: null,
  record: false,
  welcome: null,
  maxParticipants: null,
  durationMinutes: null,
}

export function newRoom(id: string, spaceId = 'space-1', extra: Partial<NewRoom> = {}): NewRoom {
  return { id, spaceId, name: `Room ${id}`, meetingId: `mtg-${id}`, isDefault: false, settings: SETTINGS, ...extra }
}

const NO_CAPS = { room: null, total: null, internal: null, external: null }

export function seat(userId: string, extra: Partial<SeatRequest> = {}): SeatRequest {
  return {
    meetingId: 'mtg-a',
    roomId: 'a',
    spaceId: 'space-1',
    userId,
    kind: 'internal',
    moderator: false,
    now: 1_000_000,
    reservationMs: 90_000,
    caps: NO_CAPS,
    countModerators: true,
    ...extra,
  }
}

/** Admits `count` distinct users `${prefix}0…` in parallel and returns how many were granted. */
export async function admitMany(
  stores: Store[],
  count: number,
  request: (i: number) => SeatRequest,
): Promise<{ granted: number; refusals: string[] }> {
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => stores[i % stores.length]!.admitSeat(request(i))),
  )
  return {
    granted: results.filter((r) => r.granted).length,
    refusals: results.flatMap((r) => (r.granted ? [] : [r.refusal])),
  }
}

/**
 * The behaviour every Store must have. `open` gives a store on a fresh, empty database each call (opened with the
 * given options); the suite closes each after its test and calls `cleanup` at the end (drop the databases there).
 */
export function runStoreContract(
  name: string,
  open: (options?: OpenStoreOptions) => Promise<Store>,
  cleanup: () => Promise<void>,
): void {
  describe(`store contract: ${name}`, () => {
    const opened: Store[] = []
    const fresh = async (options?: OpenStoreOptions) => {
      const store = await open(options)
      opened.push(store)
      return store
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()))
    })
    afterAll(cleanup)

    describe('rooms', () => {
      it('creates a room and finds it by slug, by meeting id and in its space only', async () => {
        const store = await fresh()
        const created = await store.createRoom(newRoom('abc-def'), 100)
        expect(created).toMatchObject({ id: 'abc-def', meetingId: 'mtg-abc-def', createdAt: 100, updatedAt: 100 })
        expect(await store.getRoom('abc-def')).toEqual(created)
        expect(await store.getRoomByMeetingId('mtg-abc-def')).toEqual(created)
        expect(await store.getRoom('nope')).toBeUndefined()
        expect(await store.getRoomByMeetingId('nope')).toBeUndefined()
        await store.createRoom(newRoom('other', 'space-2'), 100)
        expect((await store.listRooms('space-1')).map((r) => r.id)).toEqual(['abc-def'])
      })

      it('lists the default room first, then by creation time', async () => {
        const store = await fresh()
        await store.createRoom(newRoom('b'), 200)
        await store.createRoom(newRoom('a'), 300)
        await store.ensureDefaultRoom(newRoom('d', 'space-1', { isDefault: true }), 400)
        expect((await store.listRooms('space-1')).map((r) => r.id)).toEqual(['d', 'b', 'a'])
      })

      it('refuses a second room with the same slug', async () => {
        const store = await fresh()
        await store.createRoom(newRoom('dup'), 1)
        await expect(store.createRoom(newRoom('dup', 'space-1', { meetingId: 'other' }), 2)).rejects.toThrow()
        expect(await store.listRooms('space-1')).toHaveLength(1)
      })

      it('renames and merges settings, keeping the rest', async () => {
        const store = await fresh()
        await store.createRoom(newRoom('r'), 1)
        const updated = await store.updateRoom('r', { name: 'New', settings: { record: true, welcome: 'hi' } }, 50)
        expect(updated).toMatchObject({ name: 'New', updatedAt: 50, createdAt: 1 })
        expect(updated!.settings).toEqual({ ...SETTINGS, record: true, welcome: 'hi' })
        const again = await store.updateRoom('r', { settings: { welcome: null } }, 60)
        expect(again!.settings).toEqual({ ...SETTINGS, record: true, welcome: null })
        expect(again!.name).toBe('New')
        expect(await store.getRoom('r')).toEqual(again)
        expect(await store.updateRoom('missing', { name: 'x' }, 70)).toBeUndefined()
      })

      it('deletes a room once', async () => {
        const store = await fresh()
        await store.createRoom(newRoom('gone'), 1)
        expect(await store.deleteRoom('gone')).toBe(true)
        expect(await store.deleteRoom('gone')).toBe(false)
        expect(await store.getRoom('gone')).toBeUndefined()
      })

      it('makes exactly one default room when 20 first accesses race', async () => {
        const store = await fresh()
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.ensureDefaultRoom(newRoom(`def-${i}`, 'space-r', { isDefault: true }), i)),
        )
        const ids = new Set(results.map((r) => r.id))
        expect(ids.size).toBe(1)
        const rooms = await store.listRooms('space-r')
        expect(rooms).toHaveLength(1)
        expect(rooms[0]).toMatchObject({ id: [...ids][0], isDefault: true })
        const later = await store.ensureDefaultRoom(newRoom('def-late', 'space-r', { isDefault: true }), 99)
        expect(later.id).toBe(rooms[0]!.id)
      })
    })

    describe('meeting runs', () => {
      const run = (meetingId: string, extra: Record<string, unknown> = {}) => ({
        meetingId,
        roomId: `room-${meetingId}`,
        spaceId: 'space-1',
        startedBy: 'alice',
        now: 1000,
        maxConcurrentMeetings: null,
        maxMeetings: null,
        ...extra,
      })

      it('opens a run once, confirms it, ends it only for its createTime and then releases its seats', async () => {
        const store = await fresh()
        const first = await store.openMeetingRun(run('m1'))
        expect(first).toMatchObject({ ok: true, created: true, run: { meetingId: 'm1', createTime: null, endedAt: null } })
        const second = await store.openMeetingRun(run('m1', { now: 2000, maxMeetings: 0 }))
        expect(second).toMatchObject({ ok: true, created: false, run: { startedAt: 1000 } })

        const confirmed = await store.confirmMeetingRun('m1', { createTime: 555, internalMeetingId: 'int', moderatorPw: 'mp' })
        expect(confirmed).toMatchObject({ createTime: 555, internalMeetingId: 'int', moderatorPw: 'mp' })
        expect(await store.getOpenRun('m1')).toEqual(confirmed)
        expect(await store.confirmMeetingRun('none', { createTime: 1, internalMeetingId: null, moderatorPw: null })).toBeUndefined()

        await store.admitSeat(seat('u1', { meetingId: 'm1' }))
        expect(await store.recordMeetingEnded('m1', 999, 3000)).toBe(false)
        expect((await store.usage(1_000_001)).total).toBe(1)
        expect(await store.recordMeetingEnded('m1', 555, 3000)).toBe(true)
        expect(await store.getOpenRun('m1')).toBeUndefined()
        expect((await store.usage(1_000_001)).total).toBe(0)
        expect(await store.recordMeetingEnded('m1', null, 3001)).toBe(false)

        const next = await store.openMeetingRun(run('m1', { now: 4000 }))
        expect(next).toMatchObject({ ok: true, created: true, run: { startedAt: 4000 } })
        expect(await store.recordMeetingEnded('m1', null, 5000)).toBe(true)
      })

      it('ends a run and audits the end in one step, once however often the end is learnt', async () => {
        const store = await fresh()
        await store.openMeetingRun(run('m1'))
        await store.confirmMeetingRun('m1', { createTime: 555, internalMeetingId: null, moderatorPw: null })
        await store.admitSeat(seat('u1', { meetingId: 'm1' }))
        const audit = { actor: 'system', actorName: null, spaceId: 'space-1', roomId: 'room-m1', action: 'meeting.ended' }
        expect(await store.endRun({ meetingId: 'm1', createTime: 999, now: 3000 }, { ...audit, details: { by: 'x' } })).toBe(false)
        expect((await store.listAudit({ action: 'meeting.ended' })).total).toBe(0)
        expect(await store.endRun({ meetingId: 'm1', createTime: 555, now: 3000 }, { ...audit, details: { by: 'webhook' } })).toBe(true)
        expect(await store.endRun({ meetingId: 'm1', createTime: null, now: 3001 }, { ...audit, details: { by: 'poll' } })).toBe(false)
        expect(await store.getOpenRun('m1')).toBeUndefined()
        expect((await store.usage(1_000_001)).total).toBe(0)
        const { entries } = await store.listAudit({ action: 'meeting.ended' })
        expect(entries).toEqual([expect.objectContaining({ ...audit, at: 3000, details: { by: 'webhook' } })])
      })

      it('lists open runs, overall and per space', async () => {
        const store = await fresh()
        await store.openMeetingRun(run('m1'))
        await store.openMeetingRun(run('m2', { spaceId: 'space-2' }))
        await store.openMeetingRun(run('m3'))
        await store.recordMeetingEnded('m3', null, 10)
        expect((await store.listOpenRuns()).map((r) => r.meetingId).sort()).toEqual(['m1', 'm2'])
        expect((await store.listOpenRuns('space-2')).map((r) => r.meetingId)).toEqual(['m2'])
      })

      it('refuses a run over the space cap, then over the licence cap, and an abandoned run frees its slot', async () => {
        const store = await fresh()
        expect(await store.openMeetingRun(run('m1', { maxConcurrentMeetings: 1 }))).toMatchObject({ ok: true })
        expect(await store.openMeetingRun(run('m2', { maxConcurrentMeetings: 1 }))).toEqual({
          ok: false,
          refusal: 'space_meeting_limit',
          cap: 1,
        })
        expect(await store.openMeetingRun(run('m3', { spaceId: 'space-2', maxMeetings: 1 }))).toEqual({
          ok: false,
          refusal: 'licence_meeting_limit',
          cap: 1,
        })
        await store.abandonMeetingRun('m1')
        expect(await store.getOpenRun('m1')).toBeUndefined()
        expect(await store.openMeetingRun(run('m2', { maxConcurrentMeetings: 1, maxMeetings: 1 }))).toMatchObject({
          ok: true,
          created: true,
        })
      })

      it('holds the space and licence meeting caps under concurrency', async () => {
        const store = await fresh()
        const spaceResults = await Promise.all(
          Array.from({ length: 12 }, (_, i) => store.openMeetingRun(run(`s${i}`, { maxConcurrentMeetings: 2 }))),
        )
        expect(spaceResults.filter((r) => r.ok)).toHaveLength(2)
        const licenceResults = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            store.openMeetingRun(run(`l${i}`, { spaceId: `space-l${i}`, maxMeetings: 5 })),
          ),
        )
        expect(licenceResults.filter((r) => r.ok)).toHaveLength(3)
        expect(licenceResults.filter((r) => !r.ok).every((r) => !r.ok && r.refusal === 'licence_meeting_limit')).toBe(true)
        expect(await store.listOpenRuns()).toHaveLength(5)
      })
    })

    describe('audit', () => {
      it('stores details as JSON and lists newest first with filters, paging and the total', async () => {
        const store = await fresh()
        const base = { actorName: 'Alice', roomId: null, details: {} }
        const a = await store.appendAudit({ ...base, actor: 'alice', spaceId: 's1', action: 'room.created', at: 10, details: { n: 1, nested: { x: [1] } } })
        await store.appendAudit({ ...base, actor: 'bob', spaceId: 's1', roomId: 'r1', action: 'join.granted', at: 20 })
        await store.appendAudit({ ...base, actor: 'bob', spaceId: 's2', roomId: 'r2', action: 'join.refused', at: 30 })
        await store.appendAudit({ ...base, actor: 'system', spaceId: null, action: 'joined_x', at: 40 })
        expect(a).toMatchObject({ actor: 'alice', at: 10, details: { n: 1, nested: { x: [1] } } })
        expect(typeof a.id).toBe('number')

        const all = await store.listAudit({})
        expect(all.total).toBe(4)
        expect(all.entries.map((e) => e.at)).toEqual([40, 30, 20, 10])
        expect(all.entries[3]).toEqual(a)
        const ids = (q: Parameters<Store['listAudit']>[0]) => store.listAudit(q).then((p) => p.entries.map((e) => e.at))
        expect(await ids({ spaceId: 's1' })).toEqual([20, 10])
        expect(await ids({ roomId: 'r2' })).toEqual([30])
        expect(await ids({ actor: 'bob' })).toEqual([30, 20])
        expect(await ids({ action: 'join.' })).toEqual([30, 20])
        expect(await ids({ action: 'join.granted' })).toEqual([20])
        expect(await ids({ action: 'join' })).toEqual([])
        expect(await ids({ from: 20, to: 30 })).toEqual([30, 20])
        const page = await store.listAudit({ limit: 2, offset: 1 })
        expect(page.total).toBe(4)
        expect(page.entries.map((e) => e.at)).toEqual([30, 20])
      })

      it("names each entry's room: its name now, or the name recorded when it was deleted", async () => {
        const store = await fresh()
        const room = await store.createRoom(newRoom('named-room'), 1)
        await store.updateRoom(room.id, { name: 'Weekly review' }, 2)
        const base = { actor: 'alice', actorName: 'Alice', spaceId: room.spaceId }
        await store.appendAudit({ ...base, roomId: room.id, action: 'room.created', details: { name: 'First name' }, at: 10 })
        await store.appendAudit({ ...base, roomId: 'gone-room', action: 'room.deleted', details: { name: 'Old room' }, at: 20 })
        await store.appendAudit({ ...base, roomId: null, action: 'limits.changed', details: {}, at: 30 })
        const { entries } = await store.listAudit({})
        expect(entries.map((e) => e.roomName)).toEqual([null, 'Old room', 'Weekly review'])
      })

      it("stamps the store clock's time when none is given and caps a page at 500", async () => {
        const store = await fresh({ clock: { ...systemClock, now: () => 1_790_000_000_321 } })
        const entry = await store.appendAudit({ actor: 'x', actorName: null, spaceId: null, roomId: null, action: 'a', details: {} })
        expect(entry.at).toBe(1_790_000_000_321)
        for (let i = 0; i < 3; i++) {
          await store.appendAudit({ actor: 'x', actorName: null, spaceId: null, roomId: null, action: 'a', details: {}, at: i })
        }
        expect((await store.listAudit({ limit: 100_000 })).entries).toHaveLength(4)
        expect((await store.listAudit({})).entries).toHaveLength(4)
      })

      it('keeps a burst of entries asked for at once, each answered with its own row, all readable at once', async () => {
        const store = await fresh()
        const burst = Array.from({ length: 250 }, (_, i) => ({
          actor: `user-${i}`,
          actorName: i % 2 ? `User ${i}` : null,
          spaceId: 's1',
          roomId: i % 3 ? 'r1' : null,
          action: 'join.refused',
          details: { reason: 'licence', i },
          at: 1_000 + (i % 7),
        }))
        const answers = await Promise.all(burst.map((entry) => store.appendAudit(entry)))
        expect(new Set(answers.map((a) => a.id)).size).toBe(250)
        answers.forEach((a, i) => expect(a).toMatchObject({ ...burst[i], roomName: null }))
        // Listing right after the answers finds every entry under the id it was answered with.
        const { entries, total } = await store.listAudit({ limit: 500 })
        expect(total).toBe(250)
        const byId = new Map(entries.map((e) => [e.id, e]))
        for (const a of answers) expect(byId.get(a.id)).toEqual(a)
      })
    })

    describe('limits', () => {
      it('answers the documented defaults when nothing is stored', async () => {
        const store = await fresh()
        expect(await store.getGlobalLimits()).toEqual({
          licence: { maxParticipants: null, maxInternal: null, maxExternal: null, maxMeetings: null },
          defaults: { maxParticipantsPerMeeting: null, maxDurationMinutes: null, maxConcurrentMeetings: null, countModerators: true },
          policies: { record: 'optional', guestsAllowed: 'optional', waitingRoom: 'optional', anyoneCanStart: 'optional', accessCode: 'optional' },
        })
        expect(await store.getSpaceLimits('s1')).toEqual({ limits: {}, policies: {} })
      })

      it('stores global limits and space overrides, replacing what was there', async () => {
        const store = await fresh()
        const global = await store.getGlobalLimits()
        const changed = {
          ...global,
          licence: { ...global.licence, maxParticipants: 8000, maxInternal: 4000 },
          defaults: { ...global.defaults, countModerators: false },
          policies: { ...global.policies, record: 'disabled' as const },
        }
        await store.putGlobalLimits(changed, 1)
        expect(await store.getGlobalLimits()).toEqual(changed)
        await store.putGlobalLimits({ ...changed, licence: { ...changed.licence, maxInternal: null } }, 2)
        expect((await store.getGlobalLimits()).licence).toEqual({ ...changed.licence, maxInternal: null })

        await store.putSpaceLimits('s1', { limits: { maxConcurrentMeetings: 2 }, policies: { waitingRoom: 'forced' } }, 3)
        expect(await store.getSpaceLimits('s1')).toEqual({ limits: { maxConcurrentMeetings: 2 }, policies: { waitingRoom: 'forced' } })
        await store.putSpaceLimits('s1', { limits: { maxDurationMinutes: 240 }, policies: {} }, 4)
        expect(await store.getSpaceLimits('s1')).toEqual({ limits: { maxDurationMinutes: 240 }, policies: {} })
        expect(await store.getSpaceLimits('s2')).toEqual({ limits: {}, policies: {} })
      })
    })

    describe('presets and branding', () => {
      it('keeps global and space presets apart, replaces and deletes them, and keeps a value policy with its value', async () => {
        const store = await fresh()
        const preset = { id: 'p1', spaceId: null, name: 'Lecture', settings: { muteOnStart: true, disabledFeatures: ['polls' as const] }, createdAt: 1, updatedAt: 1 }
        await store.putPreset(preset)
        await store.putPreset({ ...preset, id: 'p2', spaceId: 's1', name: 'Exam', settings: { meetingLayout: 'VIDEO_FOCUS' as const } })
        expect(await store.listPresets(null)).toEqual([preset])
        expect((await store.listPresets('s1')).map((p) => p.name)).toEqual(['Exam'])
        await store.putPreset({ ...preset, name: 'Lecture hall', updatedAt: 5 })
        expect(await store.getPreset('p1')).toEqual({ ...preset, name: 'Lecture hall', updatedAt: 5 })
        expect(await store.deletePreset('p1')).toBe(true)
        expect(await store.deletePreset('p1')).toBe(false)
        expect(await store.getPreset('p1')).toBeUndefined()

        await store.putSpaceLimits('s1', { limits: {}, policies: { meetingLayout: { policy: 'forced', value: 'VIDEO_FOCUS' }, muteOnStart: 'default_off' } }, 3)
        expect((await store.getSpaceLimits('s1')).policies).toEqual({ meetingLayout: { policy: 'forced', value: 'VIDEO_FOCUS' }, muteOnStart: 'default_off' })
      })

      it('stores a space branding, empty until set', async () => {
        const store = await fresh()
        expect(await store.getBranding('s1')).toEqual({})
        await store.putBranding('s1', { bannerText: 'Exams', bannerColor: '#112233' }, 1)
        await store.putBranding('s1', { bannerText: 'Exam week', bannerColor: '#112233' }, 2)
        expect(await store.getBranding('s1')).toEqual({ bannerText: 'Exam week', bannerColor: '#112233' })
        expect(await store.getBranding('s2')).toEqual({})
      })
    })

    describe('seat ledger', () => {
      it('grants exactly the 50 seats left to 200 parallel distinct users', async () => {
        const store = await fresh()
        const caps = { ...NO_CAPS, total: 60 }
        const warmup = await admitMany([store], 10, (i) => seat(`early-${i}`, { meetingId: 'mtg-b', caps }))
        expect(warmup.granted).toBe(10)
        const rush = await admitMany([store], 200, (i) => seat(`user-${i}`, { caps }))
        expect(rush.granted).toBe(50)
        expect(rush.refusals).toEqual(Array(150).fill('licence_full'))
        expect((await store.usage(1_000_001)).total).toBe(60)
      })

      it('writes one join audit row per grant of a concurrent burst, repeats marked alreadyHeld, none for refusals', async () => {
        const store = await fresh()
        const caps = { ...NO_CAPS, room: 30 }
        const audit = (userId: string) => ({ actor: userId, actorName: `Agent ${userId}`, spaceId: 'space-1', roomId: 'a', action: 'join.granted', details: { kind: 'internal' } })
        // 40 distinct people at once, five of them twice: 30 seats, so 10 people are refused.
        const requests = [...Array.from({ length: 40 }, (_, i) => `p-${i}`), 'p-0', 'p-1', 'p-2', 'p-3', 'p-4']
        const results = await Promise.all(requests.map((u) => store.admitSeat(seat(u, { caps, audit: audit(u) }))))
        const granted = results.filter((r) => r.granted)
        expect(granted.filter((r) => !r.alreadyHeld)).toHaveLength(30)
        const rows = (await store.listAudit({ action: 'join.granted', limit: 500 })).entries
        expect(rows).toHaveLength(granted.length)
        expect(rows.filter((e) => e.details.alreadyHeld === true)).toHaveLength(granted.length - 30)
        expect(new Set(rows.filter((e) => e.details.alreadyHeld === false).map((e) => e.actor)).size).toBe(30)
        expect(rows.every((e) => e.actorName === `Agent ${e.actor}` && e.details.kind === 'internal')).toBe(true)
        expect((await store.usage(1_000_001)).total).toBe(30)
      })

      it('gives the same user one seat, however often and however concurrently they join', async () => {
        const store = await fresh()
        const caps = { ...NO_CAPS, room: 5 }
        const results = await Promise.all(Array.from({ length: 10 }, () => store.admitSeat(seat('same', { caps }))))
        expect(results.filter((r) => r.granted && !r.alreadyHeld)).toHaveLength(1)
        expect(results.every((r) => r.granted)).toBe(true)
        expect((await store.usage(1_000_001)).total).toBe(1)
        expect(await store.admitSeat(seat('same', { caps: { ...caps, room: 1 } }))).toEqual({ granted: true, alreadyHeld: true })
      })

      it('frees a reservation when its window passes, and a rejoin within it refreshes the window', async () => {
        const store = await fresh()
        const caps = { ...NO_CAPS, room: 1 }
        expect(await store.admitSeat(seat('a', { caps, now: 0 }))).toEqual({ granted: true, alreadyHeld: false })
        expect(await store.admitSeat(seat('b', { caps, now: 89_999 }))).toEqual({ granted: false, refusal: 'room_full', cap: 1, used: 1 })
        expect(await store.admitSeat(seat('a', { caps, now: 60_000 }))).toEqual({ granted: true, alreadyHeld: true })
        expect(await store.admitSeat(seat('b', { caps, now: 100_000 }))).toMatchObject({ granted: false })
        expect((await store.usage(149_999)).total).toBe(1)
        expect((await store.usage(150_000)).total).toBe(0)
        expect(await store.admitSeat(seat('b', { caps, now: 150_000 }))).toEqual({ granted: true, alreadyHeld: false })
      })

      it('leaves no seat behind for a refused user, and a released seat can be taken', async () => {
        const store = await fresh()
        const caps = { ...NO_CAPS, room: 1 }
        await store.admitSeat(seat('a', { caps }))
        expect(await store.admitSeat(seat('b', { caps }))).toMatchObject({ granted: false, refusal: 'room_full' })
        await store.releaseSeat('mtg-a', 'a')
        // b was not kept: with the room empty b gets a fresh seat, and a is then refused.
        expect(await store.admitSeat(seat('b', { caps }))).toEqual({ granted: true, alreadyHeld: false })
        expect(await store.admitSeat(seat('a', { caps }))).toMatchObject({ granted: false, refusal: 'room_full' })
        expect((await store.usage(1_000_001)).total).toBe(1)
      })

      it('checks the room cap, then the licence total, then the internal and external caps', async () => {
        const store = await fresh()
        await store.admitSeat(seat('i1'))
        await store.admitSeat(seat('e1', { kind: 'external', meetingId: 'mtg-b' }))
        const caps = { room: 1, total: 2, internal: 1, external: 1 }
        expect(await store.admitSeat(seat('x', { caps }))).toEqual({ granted: false, refusal: 'room_full', cap: 1, used: 1 })
        expect(await store.admitSeat(seat('x', { meetingId: 'mtg-c', caps }))).toEqual({
          granted: false,
          refusal: 'licence_full',
          cap: 2,
          used: 2,
        })
        const open = { room: null, total: null, internal: 1, external: 2 }
        expect(await store.admitSeat(seat('x', { meetingId: 'mtg-c', caps: open }))).toEqual({
          granted: false,
          refusal: 'licence_full_internal',
          cap: 1,
          used: 1,
        })
        expect(await store.admitSeat(seat('y', { meetingId: 'mtg-c', kind: 'external', caps: open }))).toEqual({
          granted: true,
          alreadyHeld: false,
        })
        expect(await store.admitSeat(seat('z', { meetingId: 'mtg-c', kind: 'external', caps: open }))).toEqual({
          granted: false,
          refusal: 'licence_full_external',
          cap: 2,
          used: 2,
        })
        const usage = await store.usage(1_000_001)
        expect(usage).toMatchObject({ total: 3, internal: 1, external: 2 })
      })

      it('exempts moderators from the per-meeting cap when countModerators is false, not from the licence', async () => {
        const store = await fresh()
        const caps = { ...NO_CAPS, room: 2, total: 4 }
        const as = (userId: string, moderator: boolean, extra: Partial<SeatRequest> = {}) =>
          store.admitSeat(seat(userId, { caps, moderator, countModerators: false, ...extra }))
        expect(await as('mod1', true)).toMatchObject({ granted: true })
        expect(await as('v1', false)).toMatchObject({ granted: true })
        expect(await as('v2', false)).toMatchObject({ granted: true })
        expect(await as('v3', false)).toEqual({ granted: false, refusal: 'room_full', cap: 2, used: 2 })
        expect(await as('mod2', true)).toMatchObject({ granted: true })
        expect(await as('mod3', true)).toEqual({ granted: false, refusal: 'licence_full', cap: 4, used: 4 })
        // Counted, the same moderators fill the room.
        expect(await store.admitSeat(seat('v4', { meetingId: 'mtg-a', caps: { ...NO_CAPS, room: 4 } }))).toEqual({
          granted: false,
          refusal: 'room_full',
          cap: 4,
          used: 4,
        })
      })

      it('reconciles with BBB: present users confirmed or added, gone ones released, pending reservations kept', async () => {
        const store = await fresh()
        await store.createRoom(newRoom('a'), 0)
        const t = 1_000_000
        await store.admitSeat(seat('joined', { now: t }))
        await store.admitSeat(seat('left', { now: t }))
        await store.admitSeat(seat('pending', { now: t + 50_000 }))
        await store.admitSeat(seat('lapsed', { now: t - 90_000 }))
        await store.reconcileSeats('mtg-a', [
          { userId: 'joined', kind: 'internal', moderator: false },
          { userId: 'left', kind: 'internal', moderator: false },
        ], t + 10)
        await store.reconcileSeats('mtg-a', [
          { userId: 'joined', kind: 'internal', moderator: false },
          { userId: 'newcomer', kind: 'external', moderator: true },
          { userId: 'newcomer', kind: 'external', moderator: false },
        ], t + 100_000)
        const later = t + 10_000_000
        const usage = await store.usage(t + 100_001)
        expect(usage).toMatchObject({ total: 3, internal: 2, external: 1 })
        expect(usage.spaces).toEqual([
          {
            spaceId: 'space-1',
            runningMeetings: 0,
            participants: { total: 3, internal: 2, external: 1 },
            rooms: [{ roomId: 'a', meetingId: 'mtg-a', participants: { total: 3, internal: 2, external: 1 } }],
          },
        ])
        // Present seats never lapse; the pending reservation does.
        expect(await store.usage(later)).toMatchObject({ total: 2, internal: 1, external: 1 })
        // The newcomer is a moderator: exempt from the room cap when countModerators is false.
        expect(await store.admitSeat(seat('v', { now: later, countModerators: false, caps: { ...NO_CAPS, room: 2 } }))).toMatchObject({
          granted: true,
        })
        await store.reconcileSeats('mtg-a', [], later)
        expect((await store.usage(later)).total).toBe(1)
      })

      it('reports usage per space and room, with running meetings and without lapsed reservations', async () => {
        const store = await fresh()
        await store.openMeetingRun({ meetingId: 'mtg-a', roomId: 'a', spaceId: 'space-1', startedBy: 'x', now: 0, maxConcurrentMeetings: null, maxMeetings: null })
        await store.openMeetingRun({ meetingId: 'mtg-z', roomId: 'z', spaceId: 'space-2', startedBy: 'x', now: 0, maxConcurrentMeetings: null, maxMeetings: null })
        await store.admitSeat(seat('u1', { now: 0 }))
        await store.admitSeat(seat('u2', { now: 0, kind: 'external' }))
        await store.admitSeat(seat('u3', { now: 50_000, meetingId: 'mtg-z', roomId: 'z', spaceId: 'space-2' }))
        expect(await store.usage(100_000)).toEqual({
          total: 1,
          internal: 1,
          external: 0,
          runningMeetings: 2,
          spaces: [
            {
              spaceId: 'space-1',
              runningMeetings: 1,
              participants: { total: 0, internal: 0, external: 0 },
              rooms: [{ roomId: 'a', meetingId: 'mtg-a', participants: { total: 0, internal: 0, external: 0 } }],
            },
            {
              spaceId: 'space-2',
              runningMeetings: 1,
              participants: { total: 1, internal: 1, external: 0 },
              rooms: [{ roomId: 'z', meetingId: 'mtg-z', participants: { total: 1, internal: 1, external: 0 } }],
            },
          ],
        })
        expect((await store.usage(10)).total).toBe(3)
      })
    })

    describe('identities', () => {
      it('saves, replaces and finds an identity by sub and by email in any case', async () => {
        const store = await fresh()
        const alice = { sub: 'a', name: 'Alice', email: 'Alice@Example.org', external: false, spaces: { s1: 'manager' as const }, seenAt: 5 }
        await store.saveIdentity(alice)
        expect(await store.getIdentity('a')).toEqual(alice)
        expect(await store.getIdentityByEmail('alice@example.ORG')).toEqual(alice)
        const changed = { ...alice, name: 'Alice B', external: true, spaces: { s2: 'member' as const }, seenAt: 6 }
        await store.saveIdentity(changed)
        expect(await store.getIdentity('a')).toEqual(changed)
        expect(await store.getIdentity('b')).toBeUndefined()
        expect(await store.getIdentityByEmail('bob@example.org')).toBeUndefined()
        await store.saveIdentity({ ...alice, email: null, seenAt: 7 })
        expect(await store.getIdentityByEmail('alice@example.org')).toBeUndefined()
      })

      it('lists the identities with a role in a space, by name, and no one of a space whose id only resembles it', async () => {
        const store = await fresh()
        const person = (sub: string, name: string, spaces: Record<string, 'manager' | 'member'>) =>
          store.saveIdentity({ sub, name, email: null, external: false, spaces, seenAt: 1 })
        await person('z', 'Zoé', { 'team_a': 'member' })
        await person('b', 'Bea', { 'team_a': 'manager', other: 'member' })
        await person('c', 'Carl', { teamXa: 'member', 'team_a.old': 'member' })
        await person('d', 'Dan', { other: 'member' })
        const found = await store.listSpaceIdentities('team_a', 10)
        expect(found.map((i) => [i.sub, i.spaces['team_a']])).toEqual([
          ['b', 'manager'],
          ['z', 'member'],
        ])
        expect((await store.listSpaceIdentities('team_a', 1)).map((i) => i.sub)).toEqual(['b'])
        expect(await store.listSpaceIdentities('nobody', 10)).toEqual([])
      })
    })

    describe('scheduled meetings and calendar keys', () => {
      const meeting = (id: string, start: number, extra: Record<string, unknown> = {}) => ({
        id,
        roomId: 'r1',
        spaceId: 's1',
        uid: `${id}@bbb-spaces`,
        title: `Meeting ${id}`,
        description: null,
        start,
        end: start + 3_600_000,
        timezone: 'Europe/Paris',
        attendees: [{ email: 'bob@example.org', name: 'Bob' }],
        organizer: { sub: 'a', name: 'Alice', email: 'alice@example.org' },
        ...extra,
      })

      it('creates, updates with a growing sequence, cancels and lists by time window', async () => {
        const store = await fresh()
        const created = await store.createScheduledMeeting(meeting('m1', 10_000_000), 1)
        expect(created).toMatchObject({ sequence: 0, cancelledAt: null, createdAt: 1, updatedAt: 1 })
        expect(await store.getScheduledMeeting('m1')).toEqual(created)
        await store.createScheduledMeeting(meeting('m2', 20_000_000, { roomId: 'r2' }), 1)
        await store.createScheduledMeeting(meeting('m3', 30_000_000, { spaceId: 's2' }), 1)

        const updated = await store.updateScheduledMeeting('m1', { title: 'Renamed', attendees: [] }, 2)
        expect(updated).toMatchObject({ title: 'Renamed', attendees: [], sequence: 1, updatedAt: 2, start: 10_000_000 })
        expect(await store.getScheduledMeeting('m1')).toEqual(updated)
        expect(await store.updateScheduledMeeting('none', { title: 'x' }, 3)).toBeUndefined()

        const cancelled = await store.cancelScheduledMeeting('m2', 4)
        expect(cancelled).toMatchObject({ cancelledAt: 4, sequence: 1 })
        expect(await store.cancelScheduledMeeting('m2', 5)).toEqual(cancelled)

        const list = (q: Parameters<Store['listScheduledMeetings']>[0]) => store.listScheduledMeetings(q).then((l) => l.map((m) => m.id))
        expect(await list({ spaceId: 's1' })).toEqual(['m1'])
        expect(await list({ spaceId: 's1', includeCancelled: true })).toEqual(['m1', 'm2'])
        expect(await list({ roomId: 'r2', includeCancelled: true })).toEqual(['m2'])
        expect(await list({ from: 10_000_000 + 3_600_000 })).toEqual(['m3'])
        expect(await list({ from: 10_000_000 + 1, to: 30_000_000 })).toEqual(['m1'])
      })

      it('creates, finds and revokes calendar keys per space', async () => {
        const store = await fresh()
        expect(await store.createCalendarKey('s1', 'key-1', 10)).toEqual({ spaceId: 's1', key: 'key-1', createdAt: 10, revokedAt: null })
        await store.createCalendarKey('s2', 'key-2', 10)
        await store.revokeCalendarKeys('s1', 20)
        expect(await store.getCalendarKey('key-1')).toEqual({ spaceId: 's1', key: 'key-1', createdAt: 10, revokedAt: 20 })
        expect(await store.getCalendarKey('key-2')).toMatchObject({ revokedAt: null })
        expect(await store.getCalendarKey('nope')).toBeUndefined()
        await store.revokeCalendarKeys('s1', 30)
        expect((await store.getCalendarKey('key-1'))!.revokedAt).toBe(20)
      })
    })

    describe('recordings and health', () => {
      it('records a ready recording once and lists a meeting\u2019s newest first', async () => {
        const store = await fresh()
        await store.recordRecordingReady({ recordId: 'rec-1', meetingId: 'm1', roomId: 'r1', readyAt: 10 })
        await store.recordRecordingReady({ recordId: 'rec-1', meetingId: 'm1', roomId: 'r1', readyAt: 99 })
        await store.recordRecordingReady({ recordId: 'rec-2', meetingId: 'm1', roomId: null, readyAt: 20 })
        await store.recordRecordingReady({ recordId: 'rec-3', meetingId: 'm2', roomId: null, readyAt: 30 })
        expect(await store.listRecordingRecords('m1')).toEqual([
          { recordId: 'rec-2', meetingId: 'm1', roomId: null, readyAt: 20 },
          { recordId: 'rec-1', meetingId: 'm1', roomId: 'r1', readyAt: 10 },
        ])
        expect(await store.listRecordingRecords('none')).toEqual([])
      })

      it('answers a ping while open and rejects after close', async () => {
        const store = await fresh()
        await expect(store.ping()).resolves.toBeUndefined()
        await store.close()
        await expect(store.ping()).rejects.toThrow()
        await store.close()
      })
    })
  })
}
