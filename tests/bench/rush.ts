import { randomBytes } from 'node:crypto'
import { startDevBbb } from '../../server/dev-bbb/index.js'
import { createTestDatabase } from '../helpers/databases.js'
import { rushSpace, type RushShape } from '../helpers/rush.js'
import { runLoad, type RushResult } from './load.js'
import { startBenchService, type BenchService } from './service.js'
import { fmt, ms, percentile, times, verdict, type Row } from './stats.js'

export interface RushOptions {
  rooms: number
  internal: number
  external: number
  maxParticipants: number
  maxInternal: number
  windowS: number
}

/**
 * Section 7, the 9 o'clock rush (issue 21): two instances on one PostgreSQL, round-robin, in front of the dev BBB
 * answering as Scalelite, the licence at the region's caps. Within the window every room's manager starts it
 * (first 10 s) and the people click "Join" (every 10th twice), members of a room not started yet asking again each
 * second as the widget does. Baseline: the same clicks at the same times on the bare route of the same instances.
 */
export async function benchRush(options: RushOptions): Promise<Row[]> {
  const bbb = await startDevBbb({ like: 'scalelite', maxMeetings: options.rooms + 10 })
  const database = await createTestDatabase('postgres')
  const hostSecret = randomBytes(24).toString('hex')
  const instances: BenchService[] = []
  try {
    for (let i = 0; i < 2; i++) {
      instances.push(await startBenchService('postgres', { database, hostSecret, bbb: { url: bbb.url, secret: bbb.secret }, statusIntervalMs: 5000 }))
    }
    const [a] = instances as [BenchService, BenchService]
    const admin = await a.token({ sub: 'rush-admin', admin: true })
    await a.api('PUT', '/api/v1/admin/limits', admin, {
      licence: { maxParticipants: options.maxParticipants, maxInternal: options.maxInternal, maxExternal: null, maxMeetings: null },
    })
    const roomIds: string[] = []
    for (let r = 0; r < options.rooms; r++) {
      const manager = await a.token({ sub: `rush-manager-${r}`, spaces: { [rushSpace(r)]: 'manager' } })
      roomIds.push((await a.api<{ room: { id: string } }>('POST', `/api/v1/spaces/${rushSpace(r)}/rooms`, manager, { name: `Rush ${r}` }, 201)).room.id)
    }
    const shape: RushShape = {
      rooms: options.rooms,
      internal: options.internal,
      external: options.external,
      repeatEvery: 10,
      windowMs: options.windowS * 1000,
      startWindowMs: 10_000,
      seed: 9,
    }
    const urls = instances.map((s) => s.url)
    const load = (bare: boolean) => runLoad<RushResult>({ mode: 'rush', urls, roomIds, bare, shape, secret: hostSecret })

    const baseline = await load(true)
    for (const s of instances) await s.resetPeak()
    const createsBefore = bbb.dev.stats().calls
    const callsBefore = Object.values(createsBefore).reduce((n, c) => n + c, 0)
    const result = await load(false)
    const after = bbb.dev.stats().calls
    const creates = (after.create ?? 0) - (createsBefore.create ?? 0)
    const bbbCalls = Object.values(after).reduce((n, c) => n + c, 0) - callsBefore
    const peaks = await Promise.all(instances.map(async (s) => (await s.memory()).peakRss))

    const externalWanted = options.external
    const internalGranted = Math.min(options.internal, options.maxInternal)
    const exact = result.grantedInternal === internalGranted && result.grantedExternal === externalWanted && result.repeatsRefused === 0
    const section = "7 Rush (2 instances, PostgreSQL, Scalelite)"
    const pct = (p: number) => `${ms(percentile(result.latencies, p), 0)}`
    const basePct = (p: number) => `${ms(percentile(baseline.latencies, p), 0)} bare`
    const ratio = (p: number) => times(percentile(result.latencies, p) / percentile(baseline.latencies, p))
    return [
      {
        section,
        figure: `${fmt(options.rooms)} rooms, ${fmt(options.internal)} internal + ${fmt(options.external)} external people in ${options.windowS} s (${fmt(result.clicks)} clicks, ${fmt(result.retries)} waits): granted internal / external`,
        value: `${fmt(result.grantedInternal)} / ${fmt(result.grantedExternal)}`,
        baseline: `licence ${fmt(options.maxInternal)} internal, ${fmt(options.maxParticipants)} in all`,
        ratio: exact ? 'exact' : 'WRONG',
        target: verdict(exact, `exactly ${fmt(internalGranted)} / ${fmt(externalWanted)}`),
      },
      {
        section,
        figure: 'BBB creates (one per room)',
        value: fmt(creates),
        baseline: `${fmt(options.rooms)} rooms`,
        ratio: creates === options.rooms ? 'exact' : 'WRONG',
        target: verdict(creates === options.rooms, `exactly ${fmt(options.rooms)}`),
      },
      {
        section,
        figure: `answers 5xx (refused: ${Object.entries(result.refusedBy).map(([c, n]) => `${c} ${fmt(n)}`).join(', ') || 'none'})`,
        value: fmt(result.serverErrors),
        baseline: `${fmt(baseline.serverErrors)} bare`,
        ratio: '—',
        target: verdict(result.serverErrors === 0, '0'),
      },
      { section, figure: 'join latency p50', value: pct(50), baseline: basePct(50), ratio: ratio(50), target: '—' },
      { section, figure: 'join latency p95', value: pct(95), baseline: basePct(95), ratio: ratio(95), target: '—' },
      { section, figure: 'join latency p99', value: pct(99), baseline: basePct(99), ratio: ratio(99), target: '—' },
      {
        section,
        figure: 'time to settle (first click to last answer)',
        value: `${fmt(result.settleMs / 1000, 1)} s`,
        baseline: `${fmt(baseline.settleMs / 1000, 1)} s bare`,
        ratio: times(result.settleMs / baseline.settleMs, 2),
        target: '—',
      },
      {
        section,
        figure: 'peak RSS per instance',
        value: peaks.map((p) => `${fmt(p / 1024 / 1024)} MB`).join(' / '),
        baseline: '—',
        ratio: '—',
        target: '—',
      },
      {
        section,
        figure: 'BBB calls per minute',
        value: fmt(bbbCalls / (result.settleMs / 60_000)),
        baseline: `${fmt(bbbCalls)} calls`,
        ratio: '—',
        target: '—',
      },
    ]
  } finally {
    for (const s of instances) await s.close()
    await database.drop()
    await bbb.close()
  }
}
