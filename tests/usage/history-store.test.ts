import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../server/store/index.js'
import type { Store } from '../../server/store/types.js'
import {
  ALL_SPACES,
  createUsageHistoryRepo,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
} from '../../server/store/usage-history.js'
import type { MinuteSample } from '../../server/model/index.js'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js'

const T0 = Date.UTC(2026, 10, 2, 0, 0, 0)

function sample(minute: number, spaces: Record<string, [participants: number, internal: number, meetings: number]>): MinuteSample {
  const list = Object.entries(spaces).map(([spaceId, [participants, internal, meetings]]) => ({
    spaceId,
    participants,
    internal,
    external: participants - internal,
    meetings,
  }))
  const sum = (key: 'participants' | 'internal' | 'external' | 'meetings') => list.reduce((n, s) => n + s[key], 0)
  return {
    minute,
    total: { participants: sum('participants'), internal: sum('internal'), external: sum('external'), meetings: sum('meetings') },
    spaces: list,
  }
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`usage history on ${kind}`, () => {
    const databases: TestDatabase[] = []
    const stores: Store[] = []
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close()))
      await Promise.all(databases.map((d) => d.drop()))
    })
    const open = async (url?: string) => {
      let location = url
      if (!location) {
        const database = await createTestDatabase(kind)
        databases.push(database)
        location = database.url
      }
      const store = await openStore(location)
      stores.push(store)
      return { store, url: location, history: createUsageHistoryRepo(store.context) }
    }

    it('keeps the first sample of a minute and ignores a second one for the same minute', async () => {
      const { history } = await open()
      expect(await history.recordMinute(sample(T0, { a: [5, 3, 1] }))).toBe(true)
      expect(await history.recordMinute(sample(T0, { a: [9, 9, 2], b: [4, 0, 1] }))).toBe(false)
      const [point] = await history.minutes(ALL_SPACES, T0, T0 + MINUTE_MS)
      expect(point).toMatchObject({ at: T0, participants: { max: 5 }, internal: { max: 3 }, external: { max: 2 }, meetings: { max: 1 } })
      expect(await history.minutes('b', T0, T0 + MINUTE_MS)).toMatchObject([{ participants: { max: 0 } }])
    })

    // Several instances share PostgreSQL only (two SQLite stores in one process would block each other's event loop).
    it.runIf(kind === 'postgres')('counts each minute once when two instances sample the same minutes at once', async () => {
      const first = await open()
      const second = await open(first.url)
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => {
          const minute = T0 + Math.floor(i / 2) * MINUTE_MS
          // Both instances see the same minute, each with its own (slightly different) view of it.
          const view = sample(minute, i % 2 ? { a: [10, 6, 2], b: [3, 3, 1] } : { a: [11, 6, 2] })
          return (i % 2 ? first : second).history.recordMinute(view)
        }),
      )
      expect(results.filter(Boolean)).toHaveLength(15)
      const points = await first.history.minutes(ALL_SPACES, T0, T0 + HOUR_MS)
      expect(points).toHaveLength(15)
      for (const point of points) expect([11, 13]).toContain(point.participants.max)
      const spaceA = await second.history.minutes('a', T0, T0 + HOUR_MS)
      // Each minute is one instance's view, whole: never 21 people in space a.
      for (const point of spaceA) expect([10, 11]).toContain(point.participants.max)
      const withB = points.filter((p) => p.participants.max === 13).length
      expect((await first.history.rowCounts()).minutes).toBe(15 + 15 + withB)
    })

    it('rolls finished hours up in the database, keeping each hour’s peak and average', async () => {
      const { history } = await open()
      // Hour 0: 10 people all along in space a, a spike to 50 for one minute at 00:30; space b only the first 15 min.
      for (let m = 0; m < 60; m++) {
        const spaces: Record<string, [number, number, number]> = { a: [m === 30 ? 50 : 10, 4, 1] }
        if (m < 15) spaces.b = [4, 0, 1]
        await history.recordMinute(sample(T0 + m * MINUTE_MS, spaces))
      }
      await history.recordMinute(sample(T0 + HOUR_MS + 5 * MINUTE_MS, { a: [7, 7, 1] }))
      await history.rollUp(T0 + HOUR_MS + 6 * MINUTE_MS)

      const hours = await history.hours(ALL_SPACES, T0, T0 + 2 * HOUR_MS)
      expect(hours).toHaveLength(2)
      expect(hours[0]).toMatchObject({ at: T0, minutes: 60, participants: { max: 50 }, meetings: { max: 2 } })
      expect(hours[0]!.participants.sum / hours[0]!.minutes).toBeCloseTo((59 * 10 + 50 + 15 * 4) / 60)
      // The hour in progress comes from its minutes.
      expect(hours[1]).toMatchObject({ at: T0 + HOUR_MS, minutes: 1, participants: { max: 7, sum: 7 } })
      const b = await history.hours('b', T0, T0 + HOUR_MS)
      expect(b).toMatchObject([{ minutes: 60, participants: { max: 4, sum: 60 } }])
      expect(await history.spacePeaks(T0, T0 + 2 * HOUR_MS, 10)).toEqual([
        { spaceId: 'a', peak: 50, sum: 59 * 10 + 50 + 7 },
        { spaceId: 'b', peak: 4, sum: 60 },
      ])

      // Rolling up again changes nothing (another instance may do it at the same time).
      await history.rollUp(T0 + HOUR_MS + 7 * MINUTE_MS)
      expect(await history.hours(ALL_SPACES, T0, T0 + HOUR_MS)).toEqual(hours.slice(0, 1))
    })

    it('drops minutes after 30 days and hours after 400 days, and keeps the peaks in the hours', async () => {
      const { history } = await open()
      await history.recordMinute(sample(T0 + 10 * MINUTE_MS, { a: [80, 40, 3] }))
      await history.recordMinute(sample(T0 + 11 * MINUTE_MS, { a: [20, 10, 3] }))
      await history.rollUp(T0 + 31 * DAY_MS)
      expect(await history.minutes(ALL_SPACES, T0, T0 + DAY_MS)).toEqual([])
      expect(await history.hours('a', T0, T0 + DAY_MS)).toMatchObject([
        { at: T0, minutes: 2, participants: { max: 80, sum: 100 }, internal: { max: 40, sum: 50 } },
      ])
      await history.rollUp(T0 + 399 * DAY_MS)
      expect(await history.hours('a', T0, T0 + DAY_MS)).toHaveLength(1)
      await history.rollUp(T0 + 401 * DAY_MS)
      expect(await history.hours('a', T0, T0 + DAY_MS)).toEqual([])
      expect(await history.rowCounts()).toEqual({ minutes: 0, hours: 0 })
    })

    it('keeps the history across a restart', async () => {
      const first = await open()
      await first.history.recordMinute(sample(T0, { a: [3, 3, 1] }))
      await first.history.recordMinute(sample(T0 + HOUR_MS, { a: [6, 3, 1] }))
      await first.history.rollUp(T0 + HOUR_MS + MINUTE_MS)
      await first.store.close()
      stores.splice(stores.indexOf(first.store), 1)

      const again = await open(first.url)
      expect(await again.history.hours('a', T0, T0 + 2 * HOUR_MS)).toMatchObject([
        { at: T0, participants: { max: 3 } },
        { at: T0 + HOUR_MS, participants: { max: 6 } },
      ])
      // The restarted instance does not write a minute already written.
      expect(await again.history.recordMinute(sample(T0 + HOUR_MS, { a: [1, 1, 1] }))).toBe(false)
    })
  })
}
