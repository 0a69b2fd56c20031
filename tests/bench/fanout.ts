import { createBbbClient } from '../../server/bbb/index.js'
import { runLoad, type SseResult } from './load.js'
import { runningRoom, startBenchService, type BenchService } from './service.js'
import { fmt, ms, percent, percentile, times, verdict, type Row } from './stats.js'

const SPACE = 'bench-fanout'
const STATUS_CALLS = ['getMeetings', 'getMeetingInfo', 'isMeetingRunning']

/** What `settledMemory` answers (service-child.ts): RSS once it stopped falling after a full collection, and the heap. */
interface SettledMemory {
  rss: number
  heapUsed: number
  external: number
  arrayBuffers: number
}

const statusCalls = (calls: Record<string, number>) => STATUS_CALLS.reduce((sum, c) => sum + (calls[c] ?? 0), 0)

async function startRooms(service: BenchService, count: number): Promise<Array<{ roomId: string; meetingId: string }>> {
  const ids: string[] = []
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, (_, k) => runningRoom(service, SPACE, `Fan-out room ${i + k}`)),
    )
    ids.push(...batch.map((b) => b.roomId))
  }
  // The rooms API does not show meetingIDs; BBB does, by meeting name (the room's name).
  const bbb = createBbbClient({ endpoint: service.bbbUrl, secret: service.bbbSecret })
  const byName = new Map((await bbb.getMeetings()).meetings.map((m) => [m.meetingName, m.meetingID]))
  return ids.map((roomId, i) => {
    const meetingId = byName.get(`Fan-out room ${i}`)
    if (!meetingId) throw new Error(`fan-out: room ${i} has no meeting in BBB`)
    return { roomId, meetingId }
  })
}

/**
 * Section 3: `clients` SSE clients (a second process) spread over `rooms` running rooms for `durationS` seconds,
 * while attendees join in the dev BBB (one every `changeEveryMs`, round-robin over the rooms): BBB status calls per
 * minute (dev BBB counters), the time from each change to its delivery at every client of the room (webhooks), and
 * the service's peak RSS. Side by side: the BBB calls if every client polled BBB itself every 5 s (computed).
 */
export async function benchFanout(options: {
  rooms: number
  clients: number
  durationS: number
  changeEveryMs: number
  intervalMs: number
}): Promise<Row[]> {
  const service = await startBenchService('sqlite', { statusIntervalMs: options.intervalMs })
  try {
    const rooms = await startRooms(service, options.rooms)
    const webhooks = await service.webhooksActive()
    const idle = await service.memory()
    const idleSettled = (await service.settledMemory()) as SettledMemory
    let connected = idleSettled
    let before: Record<string, number> = {}
    const result = await runLoad<SseResult>(
      {
        mode: 'sse',
        url: service.url,
        bbbUrl: service.bbbUrl,
        rooms,
        clientsPerRoom: Math.round(options.clients / options.rooms),
        secret: service.hostSecret,
        spaceId: SPACE,
        prefix: 'viewer',
        durationS: options.durationS,
        changeEveryMs: options.changeEveryMs,
      },
      async () => {
        connected = (await service.settledMemory()) as SettledMemory
        await service.resetPeak()
        before = await service.bbbCalls()
      },
    )
    const after = await service.bbbCalls()
    const peak = await service.memory()
    const minutes = result.elapsedS / 60
    const perMinute = (statusCalls(after) - statusCalls(before)) / minutes
    const allowed = (60_000 / options.intervalMs) * 1.1
    const polling = options.clients * (60_000 / 5000)
    const p50 = percentile(result.latencies, 50)
    const p95 = percentile(result.latencies, 95)
    const clientsLabel = `${fmt(options.clients)} SSE clients / ${options.rooms} rooms, ${fmt(result.elapsedS)} s`
    const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024, 1)} MB`
    const perThousand = ((connected.rss - idleSettled.rss) / options.clients) * 1000
    const heldPerThousand = (key: keyof SettledMemory) => mb(((connected[key] - idleSettled[key]) / options.clients) * 1000)
    const delivered = `${fmt(result.delivered)}/${fmt(result.expected)} delivered`
    return [
      {
        section: '3 Fan-out',
        figure: `${clientsLabel}: BBB status calls per minute`,
        value: `${fmt(perMinute, 1)}/min`,
        baseline: `${fmt(polling)}/min if each client polled every 5 s (computed)`,
        ratio: `${times(polling / Math.max(perMinute, 1e-9), 0)} fewer calls`,
        target: verdict(perMinute <= allowed, `≤ ${fmt(60_000 / options.intervalMs)}/min (1 per ${fmt(options.intervalMs / 1000)} s interval ±10 %)`),
      },
      {
        section: '3 Fan-out',
        figure: `attendee change → client, p50 / p95 (webhooks ${webhooks ? 'on' : 'OFF'}; ${delivered}, ${result.changes} changes)`,
        value: `${ms(p50, 0)} / ${ms(p95, 0)}`,
        baseline: `${ms(options.intervalMs, 0)} poll interval`,
        ratio: `p95 = ${percent(p95 / options.intervalMs, 1)} of it`,
        target: verdict(p95 < 1000 && result.delivered >= result.expected, 'p95 < 1 s, all delivered'),
      },
      {
        section: '3 Fan-out',
        figure: `service peak RSS with ${fmt(options.clients)} streams (${result.droppedBeforeEnd} dropped)`,
        value: mb(peak.peakRss),
        baseline: `${mb(idle.rss)} idle, same rooms`,
        ratio: times(peak.peakRss / idle.rss, 2),
        target: '—',
      },
      {
        section: '3 Fan-out',
        figure: `memory held per 1,000 open streams (RSS after GC, all ${fmt(options.clients)} connected, minus idle; heap ${heldPerThousand('heapUsed')}, external ${heldPerThousand('external')}, array buffers ${heldPerThousand('arrayBuffers')})`,
        value: mb(perThousand),
        baseline: `${mb(idleSettled.rss)} idle after GC`,
        ratio: `${fmt(((connected.rss - idleSettled.rss) / options.clients) / 1024, 1)} KB per stream`,
        target: verdict(perThousand < 20 * 1024 * 1024, '< 20 MB'),
      },
    ]
  } finally {
    await service.close()
  }
}
